import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App';
import { pickApi } from './api';
import { primeConfigSnapshot } from './ui/useConfigSnapshot';
import { storedNatTimeout } from './ui/useNatTimeout';
import './styles.css';

const container = document.getElementById('root');
if (!container) throw new Error('index.html has no #root element');
const api = pickApi();
// The Hosts view opens first: its config is read while React renders the first frame.
primeConfigSnapshot(api, '', storedNatTimeout());
createRoot(container).render(
  <StrictMode>
    <App api={api} />
  </StrictMode>,
);
