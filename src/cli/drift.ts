// workato-drift's core: run `terraform plan` in a Terraform directory or a synthesized CDKTF stack,
// read the plan as JSON, and report which profiles changed or vanished outside Terraform and what
// apply would change. Never prints a secret. The parts: the fields the provider's schema gives
// (drift-schema.ts), the analysis (drift-plan.ts), the report (drift-render.ts), running terraform
// (drift-run.ts).

export { COMPARED_FIELDS, RESOURCE_TYPE } from './drift-schema';
export { analysePlan, SENSITIVE } from './drift-plan';
export type { DriftReport, FieldDifference, PlanJson, PlannedAction, ProfileDrift } from './drift-plan';
export { renderJson, renderMarkdown } from './drift-render';
export { checkDrift, directoryProblem } from './drift-run';
export type { DriftOptions, RunResult } from './drift-run';
