// The end of an Inspector rule form: the save's error beside the form, Cancel while editing, submit.
export function RuleFormFooter({
  error,
  editing,
  disabled,
  submitLabel,
  onCancel,
}: {
  error: string | null;
  editing: boolean;
  disabled: boolean;
  submitLabel: string;
  onCancel: () => void;
}): React.JSX.Element {
  return (
    <>
      {error && (
        <div className="is-bad ip-wide ip-form-error" role="alert">
          {error}
        </div>
      )}
      <div className="ip-form-actions">
        {editing && (
          <button type="button" className="btn" onClick={onCancel}>
            Cancel
          </button>
        )}
        <button type="submit" className="btn btn-primary" disabled={disabled}>
          {submitLabel}
        </button>
      </div>
    </>
  );
}
