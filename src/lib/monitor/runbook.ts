/**
 * The rollback triggers of the readiness dossier (§1 alerts, §3 drift, §4 stage 4, §5 rollback
 * table): what each watches, its severity, the runbook action and the reversal latency, quoted
 * from the dossier so the status board and the pager say the same thing.
 */
export const TRIGGER_IDS = [
  "enrichment_config_mismatch",
  "f1_regression_7d",
  "btc_feed_nan",
  "stage4_gate",
  "correlation_drift",
  "feature_drift",
  "prediction_rate_drift",
  "ohlcv_quality_burst",
  "sample_size_mismatch",
] as const;
export type TriggerId = (typeof TRIGGER_IDS)[number];

export interface TriggerDef {
  id: TriggerId;
  title: string;
  /** Severity when the rule holds (feature drift may also be only `warn`: see its rule). */
  severity: "warn" | "critical";
  /** Alert priority in the dossier's words. */
  priority: "P1" | "P2" | "P3";
  /** Where the rule comes from in the readiness dossier. */
  source: string;
  action: string;
  reversal_latency: string;
}

const CONSOLE = "Console promotion of the registered champion_btc_blind model (atomic per-crypto promotion, ADR-15 + ADR-42)";

export const TRIGGERS: Readonly<Record<TriggerId, TriggerDef>> = {
  enrichment_config_mismatch: {
    id: "enrichment_config_mismatch", title: "Enrichment config mismatch (ADR-25 fail-fast)", severity: "critical", priority: "P1",
    source: "§1 health metric, §2 P1 alert, §5 rollback row 1", action: CONSOLE, reversal_latency: "< 5 minutes",
  },
  f1_regression_7d: {
    id: "f1_regression_7d", title: "Production f1_buy regression over 7 days", severity: "critical", priority: "P1",
    source: "§5 rollback row 2", action: `same ${CONSOLE}`, reversal_latency: "< 5 minutes",
  },
  btc_feed_nan: {
    id: "btc_feed_nan", title: "BTC feed degraded (NaN BTC features over a fold)", severity: "critical", priority: "P1",
    source: "§5 rollback row 3", action: "revert to champion_btc_blind; investigate the Binance API status", reversal_latency: "< 5 minutes",
  },
  stage4_gate: {
    id: "stage4_gate", title: "Stage 4 gate: 7 days live vs the baseline", severity: "warn", priority: "P2",
    source: "§4 stage 4", action: "do not promote to stage 5 (all five cryptos); revert to champion_btc_blind by Console promotion", reversal_latency: "< 5 minutes for the revert",
  },
  correlation_drift: {
    id: "correlation_drift", title: "BTC–altcoin correlation drift (> 3σ from training)", severity: "warn", priority: "P2",
    source: "§3 drift row 2, §5 rollback row 5", action: "runbook §2: quarterly re-fit; revert to champion_btc_blind if a revert is needed before the retrain completes",
    reversal_latency: "< 5 min revert; 1 sprint to retrain",
  },
  feature_drift: {
    id: "feature_drift", title: "BTC feature drift vs the training distribution", severity: "warn", priority: "P2",
    source: "§1 per-feature distribution, §2 P2 alert, §3 drift row 1", action: "runbook §1: investigate or roll back to champion_btc_blind",
    reversal_latency: "< 5 minutes for a rollback",
  },
  prediction_rate_drift: {
    id: "prediction_rate_drift", title: "Prediction rate: buy_proba distribution vs the sweep", severity: "warn", priority: "P2",
    source: "§1 prediction-rate metric (signals.buy_proba distribution)", action: "runbook §1: investigate (features, upstream data, model artefact) or roll back to champion_btc_blind",
    reversal_latency: "< 5 minutes for a rollback",
  },
  ohlcv_quality_burst: {
    id: "ohlcv_quality_burst", title: "BTC OHLCV quality alerts (> 5 of one reason in a clock hour)", severity: "warn", priority: "P2",
    source: "§1 health metric, §2 P2 alert, §3 drift row 3", action: "runbook §3: BTC feed degradation — check the feed; revert to champion_btc_blind if bars go missing",
    reversal_latency: "< 5 minutes for a revert",
  },
  sample_size_mismatch: {
    id: "sample_size_mismatch", title: "btc_features_applied vs the FTF run config", severity: "warn", priority: "P3",
    source: "§1 counter event=btc_features_applied", action: "check the deployed feature set, n_features and purge_bars against the sweep's run config before trusting the model",
    reversal_latency: "—",
  },
};
