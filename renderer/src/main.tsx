import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { connectHost } from './host/connect-host';
import { App } from './app';
import './styles/app.css';

const root = createRoot(document.getElementById('root')!);

connectHost()
  .then((host) =>
    root.render(
      <StrictMode>
        <App host={host} />
      </StrictMode>,
    ),
  )
  .catch((error: unknown) => {
    const reason = error instanceof Error ? error.message : String(error);
    root.render(
      <main role="alert" className="fatal">
        <h1>Cannot reach the Incident Room host</h1>
        <p>{reason}</p>
        <p>
          Start it with <code>npm run web</code> and open the URL it prints.
        </p>
      </main>,
    );
  });
