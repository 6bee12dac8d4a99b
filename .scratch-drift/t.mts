import { DuckDBInstance } from "@duckdb/node-api";
const inst = await DuckDBInstance.create(":memory:");
const c = await inst.connect();
const r = await c.runAndReadAll(`
with t as (select * from (values (0, 1.0), (1, 2.0), (3, 4.0), (4, 5.0), (5, 5.0)) v(k, x))
select k, x,
  first_value(x) over (order by k range between 1 preceding and 1 preceding) as lag1,
  count(x) over (order by k range between 2 preceding and current row) as n3,
  corr(x, x*x) over (order by k range between 2 preceding and current row) as cr,
  median(x) over (order by k range between 2 preceding and 1 preceding) as med,
  stddev_samp(x) over (order by k range between 2 preceding and 1 preceding) as sd
from t order by k`);
console.log(r.getRowObjectsJS());
const r2 = await c.runAndReadAll(`select corr(x, y) from (values (1.0, 2.0), (1.0, 3.0), (1.0, 4.0)) v(x,y)`);
console.log(r2.getRowsJS());
