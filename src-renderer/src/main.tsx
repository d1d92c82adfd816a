// Composition root of the renderer: connect to the core, feed the store, render.
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { connectApi, connection } from './api';
import { ApiContext } from './components/api-context';
import { App } from './components/app';
import { bindApi } from './state/bind-api';
import { useHookscope } from './state/store';
import './styles/theme.css';
import './styles/app.css';

const rootEl = document.getElementById('root');
if (!rootEl) throw new Error('index.html has no #root element');
const root = createRoot(rootEl);

function Failed({ message }: { message: string }): React.JSX.Element {
  return (
    <div className="fatal" role="alert">
      <h1>Hookscope could not reach its core</h1>
      <p>{message}</p>
      <p className="muted">If you opened this page yourself, use the URL printed by `hookscope serve` (it carries the access token).</p>
      <button type="button" className="btn" onClick={() => window.location.reload()}>
        Retry
      </button>
    </div>
  );
}

connectApi().then(
  (api) => {
    bindApi(api, { connection });
    root.render(
      <StrictMode>
        <ApiContext.Provider value={api}>
          <App />
        </ApiContext.Provider>
      </StrictMode>,
    );
  },
  (err: unknown) => {
    useHookscope.getState().setConnection('closed');
    root.render(<Failed message={err instanceof Error ? err.message : String(err)} />);
  },
);
