const ITEMS: Array<[string, string]> = [
  ['keystroke', 'your typing and its echo'],
  ['client-keepalive', 'ServerAliveInterval keepalive (this computer) and its reply'],
  ['server-keepalive', 'ClientAliveInterval keepalive (the server) and its reply'],
  ['tcp-probe', 'TCP keepalive probe (after 2 h idle)'],
];

/** What the colours mean; the shapes in the picture are decoration, this is the key. */
export function NatLegend() {
  return (
    <ul className="nat-legend">
      {ITEMS.map(([kind, text]) => (
        <li key={kind}>
          <svg width="12" height="12" aria-hidden="true" focusable="false">
            <circle cx="6" cy="6" r="5" className={`nat-packet kind-${kind}`} />
          </svg>{' '}
          {text}
        </li>
      ))}
      <li>
        <span className="nat-drop" aria-hidden="true">
          ✕
        </span>{' '}
        a packet dropped by the router (no entry)
      </li>
    </ul>
  );
}
