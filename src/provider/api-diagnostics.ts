// Turns API client errors into Terraform diagnostics: a summary that says what failed, the
// client's message (which already says what to do), and the attribute when Workato named a field.
import { ValidationError, WorkatoError } from '../client/errors';
import { AttributePath, Diagnostics } from '../plugin/framework';

/** Workato payload fields → the resource attribute that sets them. */
export type FieldMap = Record<string, string>;

export function addApiError(diags: Diagnostics, summary: string, err: unknown, fields: FieldMap = {}): void {
  if (err instanceof ValidationError) {
    const fieldErrors = err.fieldErrors ?? {};
    let placed = false;
    for (const [field, messages] of Object.entries(fieldErrors)) {
      const attribute = fields[field];
      if (!attribute) continue;
      placed = true;
      const path: AttributePath = [attribute];
      diags.addError(
        summary,
        `Workato rejected ${attribute}: ${[messages].flat().join(', ')}.\n\n${err.message}`,
        path,
      );
    }
    if (placed) return;
  }
  if (err instanceof WorkatoError || err instanceof Error) {
    diags.addError(summary, err.message);
    return;
  }
  diags.addError(summary, String(err));
}
