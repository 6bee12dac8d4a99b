// `npm run build`'s postbuild step: versioned package folders and precompressed siblings for the
// folder Framework just wrote (FTF_DIST, default dist). See loaders/site/postbuild.ts.
import { resolve } from "node:path";
import { postbuild } from "../loaders/site/postbuild.ts";

postbuild(resolve(process.env.FTF_DIST ?? "dist"), (line) => console.log(line));
