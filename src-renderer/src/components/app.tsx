import { useEffect } from 'react';
import { handleKey } from '../state/keyboard';
import { useHookscope } from '../state/store';
import { Banners } from './banners';
import { ComparisonPanel } from './comparison-panel';
import { DetailPane } from './detail-pane';
import { EventColumn } from './event-column';
import { FILTER_INPUT_ID } from './filter-box';
import { focusColumn } from './focus';
import { HeaderBar } from './header-bar';
import { Splitter } from './splitter';
import { SummaryStrip } from './summary-strip';
import { SourcesPanel } from './sources/sources-panel';

const keyEffects = {
  focusFilter() {
    const el = document.getElementById(FILTER_INPUT_ID) as HTMLInputElement | null;
    el?.focus();
    el?.select();
  },
  focusColumn,
};

function LoadError({ message }: { message: string }): React.JSX.Element {
  return (
    <div className="fatal" role="alert">
      <h1>Hookscope could not load this session</h1>
      <p>{message}</p>
      <button type="button" className="btn" onClick={() => window.location.reload()}>
        Retry
      </button>
    </div>
  );
}

export function App(): React.JSX.Element {
  const detailOpen = useHookscope((s) => s.detailOpen && s.selected !== null);
  const detailHeight = useHookscope((s) => s.detailHeight);
  const loadError = useHookscope((s) => s.loadError);

  useEffect(() => {
    const onKey = (e: KeyboardEvent): void => {
      if (e.defaultPrevented) return;
      if (handleKey(e, useHookscope, keyEffects)) e.preventDefault();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);

  return (
    <div className="app">
      <HeaderBar />
      <Banners />
      <SourcesPanel />
      {loadError ? (
        <LoadError message={loadError} />
      ) : (
        <>
          <SummaryStrip />
          <ComparisonPanel />
          <main className="lanes">
            <EventColumn stream="push" />
            <EventColumn stream="poll" />
          </main>
          {detailOpen && (
            <>
              <Splitter />
              <div className="detail-wrap" style={{ height: detailHeight }}>
                <DetailPane />
              </div>
            </>
          )}
        </>
      )}
    </div>
  );
}
