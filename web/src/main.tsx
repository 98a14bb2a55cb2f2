import { fetchMe } from './api/me';
import { isBuyerPath, preloadPage } from './routes';
import './styles.css';

// This entry is kept small so that it runs as soon as it arrives: the first requests go out at once, side by side,
// instead of one after another behind React and antd (which take the most of a first load to download and run).
const { pathname } = window.location;
// Who is signed in (the back-office's first question), asked alongside the code rather than after the first render.
const me = isBuyerPath(pathname) ? undefined : fetchMe();
if (me && pathname.startsWith('/workbench')) {
  // The workbench's conversations come over its socket. Its code needs neither React nor antd, so the connection
  // opens as soon as the account is known, while the page still loads and renders; the page then adopts it.
  void Promise.all([me, import('./chat/agent-chat')])
    .then(([account, chat]) => account && chat.preconnectAgentChat())
    .catch(() => {}); // the page opens its own connection and shows any failure
}
void import('./boot').then((app) => app.boot(me));
preloadPage(pathname);
