// What the Retours screen recorded since the window opened: the counter beside the lookup and the list of the
// last few forms, each a link back to its card.
import { el, replaceContent } from '../dom.js';
import { t } from '../i18n.js';
import { answersText } from './consent-common.js';

const RECENT_LIMIT = 8;

// What this window recorded since it opened: the counter and the last few forms survive a visit to another
// screen, and start again at the next launch.
const session = { count: 0, recent: [] };

// The counter and the recent list. `openNumber(number)` opens a recent form's card; `add(recorded, kind,
// student)` counts a save and draws both again.
export function buildSessionTally(openNumber) {
  // Not a live region: #return-result already announces each save.
  const counter = el('p', { id: 'return-count', class: 'session-count' });
  const recent = el('ol', { id: 'return-recent', class: 'recent-list' });
  const recentPanel = el('section', { class: 'panel recent-panel', 'aria-labelledby': 'return-recent-title' },
    el('h2', { id: 'return-recent-title', class: 'section-title' }, t('returns.recentTitle')),
    recent);

  const draw = () => {
    counter.dataset.count = String(session.count);
    replaceContent(counter,
      el('span', { class: 'session-count-number' }, String(session.count)),
      ' ',
      el('span', { class: 'session-count-label' }, t(session.count === 1 ? 'returns.count.one' : 'returns.count.other')));
    recentPanel.hidden = session.recent.length === 0;
    replaceContent(recent, session.recent.map((item) => {
      const open = el('button', { type: 'button', class: 'link-button mono' }, item.number);
      open.addEventListener('click', () => openNumber(item.number));
      return el('li', { dataset: { number: item.number, kind: item.kind } },
        open, ' — ', item.student, ' — ', t(`returns.kind.${item.kind}`), ' — ', answersText(item.state));
    }));
  };

  return {
    counter,
    recentPanel,
    draw,
    add(recorded, kind, student) {
      session.count += 1;
      session.recent.unshift({ number: recorded.number, kind, student, state: recorded.state });
      session.recent.length = Math.min(session.recent.length, RECENT_LIMIT);
      draw();
    },
  };
}
