// Journal: the latest audit entries, newest first, as a table.
import * as api from '../api.js';
import { el, showMessage, setBusy, clearBusy } from '../dom.js';
import { t, errorText, formatDateTime } from '../i18n.js';
import { screenTitle } from './shell.js';

// How many entries the screen shows; older ones stay in the store.
const LIMIT = 200;
const COLUMNS = ['at', 'operator', 'os_user', 'action', 'object', 'summary'];

export async function renderJournal(container) {
  const body = el('tbody');
  const table = el('table', { id: 'audit-table', class: 'table' },
    el('caption', { class: 'visually-hidden' }, t('journal.caption')),
    el('thead', null, el('tr', null, COLUMNS.map((column) =>
      el('th', { scope: 'col', class: `col-${column}` }, t(`journal.col.${column}`))))),
    body);
  const empty = el('p', { class: 'empty-text', hidden: true }, t('journal.empty'));
  const error = el('p', { class: 'message message--error', role: 'alert', hidden: true });
  const refresh = el('button', { type: 'button', id: 'audit-refresh', class: 'button button--small' }, t('journal.refresh'));

  const load = async () => {
    try {
      const entries = await api.auditList(LIMIT);
      body.replaceChildren(...entries.map(entryRow));
      empty.hidden = entries.length > 0;
      showMessage(error, '');
    } catch (failure) {
      showMessage(error, errorText(failure));
    }
  };
  refresh.addEventListener('click', async () => {
    setBusy(refresh, t('journal.refresh'));
    await load();
    clearBusy(refresh, t('journal.refresh'));
  });

  container.append(
    screenTitle(t('nav.journal')),
    el('div', { class: 'toolbar' },
      el('p', { class: 'section-intro' }, t('journal.intro')),
      refresh),
    error,
    el('div', { class: 'table-scroll' }, table),
    empty);
  await load();
}

function entryRow(entry) {
  return el('tr', { dataset: { id: entry.id } },
    el('td', { class: 'col-at' }, el('time', { datetime: entry.at }, formatDateTime(entry.at))),
    el('td', { class: 'col-operator' }, entry.operator),
    el('td', { class: 'col-os_user' }, entry.os_user),
    el('td', { class: 'col-action' }, entry.action),
    el('td', { class: 'col-object' }, entry.object),
    el('td', { class: 'col-summary' }, entry.summary));
}
