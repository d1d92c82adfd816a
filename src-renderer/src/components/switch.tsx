// A labelled on/off switch: a real checkbox underneath, so keyboard and screen readers work.
export function Switch(props: {
  label: string;
  checked: boolean;
  disabled?: boolean;
  busy?: boolean;
  title?: string;
  onChange: (next: boolean) => void;
}): React.JSX.Element {
  return (
    <label className={`switch${props.checked ? ' is-on' : ''}${props.busy ? ' is-busy' : ''}`} title={props.title}>
      <input
        type="checkbox"
        role="switch"
        checked={props.checked}
        disabled={props.disabled}
        aria-checked={props.checked}
        onChange={(e) => props.onChange(e.currentTarget.checked)}
      />
      <span className="switch-track" aria-hidden="true">
        <span className="switch-thumb" />
      </span>
      <span className="switch-label">{props.label}</span>
    </label>
  );
}
