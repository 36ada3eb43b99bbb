// The Retours screen's search by name, for a form whose number is unreadable: the hits come as the name is
// typed, Entrée opens a single one, the arrows go through several.
import * as api from '../api.js';
import { el, replaceContent } from '../dom.js';
import { t, errorText } from '../i18n.js';
import { markLoading, markReady } from './register-common.js';
import { statusBadge } from './consent-common.js';

const SEARCH_DELAY_MS = 150;

// The search field and its hits. `showError(text)` writes in the screen's error box, `openNumber(number)`
// opens a form's card; `clear()` empties the field and the hits once a form is saved.
export function buildNameSearch({ showError, openNumber }) {
  const search = el('input', { id: 'return-search', type: 'search', class: 'input', autocomplete: 'off', spellcheck: 'false',
    'aria-controls': 'return-hits', 'aria-describedby': 'return-search-hint' });
  const hits = el('ul', { id: 'return-hits', class: 'hit-list', hidden: true, 'aria-label': t('returns.hitsLabel') });
  const element = el('div', { class: 'field return-search-field' },
    el('label', { class: 'field-label', for: search.id }, t('returns.search')),
    search,
    el('p', { id: 'return-search-hint', class: 'field-hint' }, t('returns.searchHint')),
    hits);

  let searchTimer = null;
  let searchRun = 0;
  let shownHits = []; // the search's current answers
  const clearHits = () => {
    shownHits = [];
    hits.hidden = true;
    hits.replaceChildren();
  };

  const runSearch = async () => {
    clearTimeout(searchTimer);
    const query = search.value.trim();
    const run = ++searchRun;
    if (query.length < 2) {
      clearHits();
      return;
    }
    markLoading();
    try {
      const found = await api.returnSearch(query);
      if (run === searchRun) {
        shownHits = found;
        drawHits(hits, found, query);
      }
    } catch (failure) {
      if (run === searchRun) showError(errorText(failure));
    }
    if (run === searchRun) markReady();
  };

  search.addEventListener('input', () => {
    clearTimeout(searchTimer);
    searchTimer = setTimeout(runSearch, SEARCH_DELAY_MS);
  });
  search.addEventListener('keydown', async (event) => {
    if (event.key === 'Enter' && !event.isComposing) {
      event.preventDefault();
      await runSearch();
      // One form: open it. Several: go down into the list, where the arrows choose.
      if (shownHits.length === 1) openNumber(shownHits[0].number);
      else if (hitButtons(hits).length) hitButtons(hits)[0].focus();
    } else if (event.key === 'ArrowDown' && hitButtons(hits).length) {
      event.preventDefault();
      hitButtons(hits)[0].focus();
    } else if (event.key === 'Escape') {
      search.value = '';
      runSearch();
    }
  });
  hits.addEventListener('click', (event) => {
    const item = event.target.closest('li[data-number]');
    if (item) openNumber(item.dataset.number);
  });
  walkHitsWithArrows(hits, search);

  return {
    element,
    clear() {
      search.value = '';
      clearHits();
    },
  };
}

function hitButtons(hits) {
  return [...hits.querySelectorAll('button.hit-button')];
}

// Shows `found`, or that nothing matched `query`.
function drawHits(hits, found, query) {
  hits.hidden = false;
  if (found.length === 0) {
    replaceContent(hits, el('li', { class: 'hit-empty' }, t('returns.noHit', { query })));
    return;
  }
  replaceContent(hits, found.map((hit) => {
    const button = el('button', { type: 'button', class: 'hit-button' },
      el('span', { class: 'hit-student' }, hit.student),
      el('span', { class: 'hit-meta' }, t('class.codeShort', { code: hit.class_code }), ' · ', hit.platform),
      el('span', { class: 'hit-number mono' }, hit.number),
      statusBadge(hit.state));
    return el('li', { class: 'hit', dataset: { number: hit.number } }, button);
  }));
}

// In the hits, the arrows move from one to the next; up from the first, or Échap, goes back to the field.
function walkHitsWithArrows(hits, search) {
  hits.addEventListener('keydown', (event) => {
    const buttons = hitButtons(hits);
    const index = buttons.indexOf(document.activeElement);
    if (index < 0) return;
    if (event.key === 'ArrowDown' && index < buttons.length - 1) {
      event.preventDefault();
      buttons[index + 1].focus();
    } else if (event.key === 'ArrowUp') {
      event.preventDefault();
      (index > 0 ? buttons[index - 1] : search).focus();
    } else if (event.key === 'Escape') {
      search.focus();
    }
  });
}
