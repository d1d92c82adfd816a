/** Name/value pairs in the order given, duplicates kept, numbered so repeats are visible. */
export function KvTable({ pairs, empty, names }: { pairs: readonly (readonly [string, string])[]; empty: string; names: [string, string] }): React.JSX.Element {
  if (pairs.length === 0) return <div className="detail-empty">{empty}</div>;
  const seen = new Map<string, number>();
  for (const [k] of pairs) seen.set(k.toLowerCase(), (seen.get(k.toLowerCase()) ?? 0) + 1);
  return (
    <table className="kv">
      <thead>
        <tr>
          <th className="kv-n">#</th>
          <th>{names[0]}</th>
          <th>{names[1]}</th>
        </tr>
      </thead>
      <tbody>
        {pairs.map(([k, v], i) => (
          <tr key={i}>
            <td className="kv-n">{i + 1}</td>
            <td className="kv-k">
              {k}
              {(seen.get(k.toLowerCase()) ?? 0) > 1 && (
                <span className="tag" title="This name appears more than once">
                  ×{seen.get(k.toLowerCase())}
                </span>
              )}
            </td>
            <td className="kv-v">{v}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
