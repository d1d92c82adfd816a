// JSON as a collapsible tree (react-json-view-lite: small, no dependencies, React 19, renders values
// as text nodes so nothing in a payload becomes markup). Past TREE_LIMIT the caller shows text instead.
import { JsonView as JsonTreeView, defaultStyles } from 'react-json-view-lite';
import 'react-json-view-lite/dist/index.css';
import '../styles/body-viewers.css';

// The first two levels open, like DevTools: enough to see an event's type and data at a glance.
const expandTop = (level: number): boolean => level < 2;

// The library's colours are for a light page only; ours come from the theme, light and dark.
const styles = {
  ...defaultStyles,
  container: `${defaultStyles.container} json-tree`,
  label: `${defaultStyles.label} jt-key`,
  clickableLabel: `${defaultStyles.clickableLabel} jt-key`,
  stringValue: `${defaultStyles.stringValue} jt-string`,
  numberValue: `${defaultStyles.numberValue} jt-number`,
  booleanValue: `${defaultStyles.booleanValue} jt-bool`,
  nullValue: `${defaultStyles.nullValue} jt-null`,
  undefinedValue: `${defaultStyles.undefinedValue} jt-null`,
  otherValue: `${defaultStyles.otherValue} jt-null`,
  punctuation: `${defaultStyles.punctuation} jt-punct`,
  collapseIcon: `${defaultStyles.collapseIcon} jt-punct`,
  expandIcon: `${defaultStyles.expandIcon} jt-punct`,
  collapsedContent: `${defaultStyles.collapsedContent} jt-punct`,
};

export function JsonTree({ value }: { value: unknown }): React.JSX.Element {
  // The viewer takes objects and arrays; a bare scalar body ("42", "\"ok\"") is shown as text.
  if (value === null || typeof value !== 'object') return <pre className="code">{JSON.stringify(value)}</pre>;
  return (
    <div className="json-tree-wrap" aria-label="JSON tree">
      <JsonTreeView data={value} shouldExpandNode={expandTop} style={styles} clickToExpandNode />
    </div>
  );
}
