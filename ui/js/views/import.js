// Importer (#/importer): class lists from the school's student information system, in three steps on one
// screen — choose the file; check which column holds what (the first rows shown under each header, any
// column re-assignable); read what the import would add, change, leave alone, find absent or refuse. Only
// « Importer » writes, in one go. The chosen file stays in memory so that every change of the mapping or
// of an option shows a fresh preview.
import * as api from '../api.js';
import { el, replaceContent, showMessage, setBusy, clearBusy } from '../dom.js';
import { t, errorText, getLanguage } from '../i18n.js';
import { screenTitle } from './shell.js';
import { readChosenFile, MAX_CLASS_LIST_BYTES, field, markLoading, markReady } from './register-common.js';

const ACCEPT = '.csv,.txt,.tsv,.xlsx,.xls,.zip';
const COUNTS = ['added', 'changed', 'unchanged', 'absent', 'rejected'];

export async function renderImport(container) {
  const state = { file: null, sheet: null, choices: null, touched: false, view: null };
  const fileInput = el('input', { id: 'import-file', type: 'file', class: 'input', accept: ACCEPT });
  const sheetSelect = el('select', { id: 'import-sheet', class: 'input' });
  const sheetField = field(t('import.sheet'), sheetSelect);
  sheetField.hidden = true;
  const skipInvalid = el('input', { id: 'import-skip-invalid', type: 'checkbox', class: 'checkbox' });
  const withdraw = el('input', { id: 'import-withdraw-missing', type: 'checkbox', class: 'checkbox' });
  const error = el('p', { id: 'import-error', class: 'message message--error', role: 'alert', hidden: true });
  const fileFacts = el('p', { id: 'import-file-facts', class: 'section-intro', hidden: true });
  const mappingPanel = el('section', { id: 'import-mapping-panel', class: 'panel', hidden: true, 'aria-labelledby': 'import-mapping-title' });
  const previewPanel = el('section', { id: 'import-preview', class: 'panel', hidden: true, 'aria-labelledby': 'import-preview-title', 'aria-live': 'polite' });
  const result = el('div', { id: 'import-result', class: 'import-result', role: 'status', hidden: true });

  container.append(
    screenTitle(t('nav.importer')),
    el('p', { class: 'section-intro' }, t('import.intro')),
    el('section', { class: 'panel', 'aria-labelledby': 'import-file-title' },
      el('h2', { id: 'import-file-title', class: 'section-title' }, t('import.step1')),
      el('div', { class: 'field-grid' }, field(t('import.file'), fileInput, t('import.fileHint')), sheetField),
      fileFacts,
      error),
    result,
    mappingPanel,
    previewPanel);

  // Asks the backend for the columns and the diff with the current file, sheet, choices and options.
  const refresh = async () => {
    if (!state.file) return;
    showMessage(error, '');
    result.hidden = true;
    markLoading();
    try {
      const view = await api.rosterPreview(request(state, skipInvalid.checked, withdraw.checked));
      state.view = view;
      if (!state.choices) state.choices = choicesOf(view);
      drawFile(view);
      drawMapping(view);
      drawPreview(view);
    } catch (failure) {
      mappingPanel.hidden = true;
      previewPanel.hidden = true;
      showMessage(error, errorText(failure));
    }
    markReady();
  };

  const drawFile = (view) => {
    fileFacts.hidden = false;
    fileFacts.textContent = t('import.fileFacts', { format: formatText(view.format), rows: view.rows });
    sheetField.hidden = view.sheets.length < 2;
    if (!sheetField.hidden) {
      const current = state.sheet || (view.format.sheet ?? view.sheets[0]);
      sheetSelect.replaceChildren(...view.sheets.map((name) => el('option', { value: name, selected: name === current }, name)));
    }
  };

  // One row per column of the file: its header, the first values under it, and the field it feeds.
  const drawMapping = (view) => {
    mappingPanel.hidden = false;
    const fieldOptions = (chosen) => [
      el('option', { value: '', selected: !chosen }, t('import.ignore')),
      ...view.fields.map((one) => el('option', { value: one.key, selected: one.key === chosen },
        getLanguage() === 'en' ? one.label_en : one.label)),
    ];
    const rows = view.headers.map((header, index) => {
      const chosen = fieldFor(state.choices, header);
      const select = el('select', { class: 'input mapping-field', 'aria-label': t('import.fieldFor', { header }), dataset: { header } },
        fieldOptions(chosen));
      select.addEventListener('change', () => {
        // A field lives in one column: choosing it here takes it away from any other.
        for (const [key, value] of Object.entries(state.choices)) {
          if (value === header || key === select.value) delete state.choices[key];
        }
        if (select.value) state.choices[select.value] = header;
        state.touched = true;
        refresh();
      });
      const samples = view.sample.map((row) => row.cells[index]).filter((value) => value && value.trim());
      return el('tr', { dataset: { headerIndex: index, field: chosen || '' } },
        el('th', { scope: 'row' }, header),
        el('td', { class: 'mapping-sample' }, samples.slice(0, 3).join(' · ') || '—'),
        el('td', null, select));
    });
    replaceContent(mappingPanel, 
      el('h2', { id: 'import-mapping-title', class: 'section-title' }, t('import.step2')),
      el('p', { class: 'section-intro' }, t('import.mappingIntro')),
      view.mapping_error ? el('p', { id: 'import-mapping-error', class: 'message message--error', role: 'alert' }, errorText(new api.ApiError(view.mapping_error.code, view.mapping_error.message, view.mapping_error.message_en))) : null,
      el('div', { class: 'table-scroll' },
        el('table', { id: 'import-mapping', class: 'table mapping-table' },
          el('thead', null, el('tr', null,
            el('th', { scope: 'col' }, t('import.col.header')),
            el('th', { scope: 'col' }, t('import.col.sample')),
            el('th', { scope: 'col' }, t('import.col.field')))),
          el('tbody', null, rows))));
  };

  const drawPreview = (view) => {
    const preview = view.preview;
    if (!preview) {
      previewPanel.hidden = true;
      return;
    }
    previewPanel.hidden = false;
    const confirm = el('button', { type: 'button', id: 'import-confirm', class: 'button button--primary', disabled: preview.blocked || preview.nothing_to_do },
      t('import.confirm'));
    confirm.addEventListener('click', () => runImport(confirm));
    const counts = el('ul', { class: 'count-cards' }, COUNTS.map((key) =>
      el('li', { id: `import-count-${key}`, class: ['count-card', `count-card--${key}`], dataset: { count: preview[key] } },
        el('span', { class: 'count-number' }, String(preview[key])),
        el('span', { class: 'count-label' }, t(`import.count.${key}`)))));
    replaceContent(previewPanel, 
      el('h2', { id: 'import-preview-title', class: 'section-title' }, t('import.step3', { year: preview.year })),
      counts,
      listSection('import-rejected', t('import.rejectedTitle'), preview.rejected_rows,
        (row) => [el('strong', null, t('import.line', { line: row.line })), ' — ', getLanguage() === 'en' ? row.reason_en || row.reason : row.reason]),
      listSection('import-changed', t('import.changedTitle'), preview.changed_rows,
        (row) => [studentText(row), ' — ', row.changes.map((change) => t('import.change', {
          what: t(`import.kind.${change.kind}`), before: change.before || '—', after: change.after || '—' })).join(' ; ')]),
      listSection('import-added', t('import.addedTitle'), preview.added_rows, (row) => studentText(row), 10),
      listSection('import-absent', t(preview.withdraw_missing ? 'import.absentWithdrawn' : 'import.absentKept'), preview.absent_students,
        (row) => studentText(row)),
      preview.classes_to_create.length
        ? el('p', { id: 'import-new-classes' }, t('import.newClasses', { classes: preview.classes_to_create.map((one) => one.code).join(', ') }))
        : null,
      preview.teachers_to_create.length
        ? el('p', { id: 'import-new-staff' }, t('import.newStaff', { names: preview.teachers_to_create.join(', ') }))
        : null,
      el('div', { class: 'check-row' }, skipInvalid, el('label', { for: skipInvalid.id }, t('import.skipInvalid'))),
      el('div', { class: 'check-row' }, withdraw, el('label', { for: withdraw.id }, t('import.withdrawMissing'))),
      preview.blocked ? el('p', { class: 'message message--error' }, t('import.blocked')) : null,
      preview.nothing_to_do ? el('p', { class: 'all-clear' }, t('import.nothingToDo')) : null,
      el('div', { class: 'actions' }, confirm));
  };

  const runImport = async (button) => {
    if (button.disabled) return;
    setBusy(button, t('import.importing'));
    markLoading();
    try {
      const view = await api.rosterImport(request(state, skipInvalid.checked, withdraw.checked));
      const done = view.summary;
      result.hidden = false;
      replaceContent(result, 
        el('p', { class: 'callout callout--ok' }, done.written
          ? t('import.done', { added: done.added, changed: done.changed, withdrawn: done.withdrawn })
          : t('import.nothingToDo')),
        el('a', { href: '#/classes', class: 'button' }, t('import.seeClasses')));
      mappingPanel.hidden = true;
      previewPanel.hidden = true;
      fileFacts.hidden = true;
      state.file = null;
      fileInput.value = '';
      result.querySelector('a').focus();
    } catch (failure) {
      clearBusy(button, t('import.confirm'));
      showMessage(error, errorText(failure));
    }
    markReady();
  };

  fileInput.addEventListener('change', async () => {
    try {
      state.file = await readChosenFile(fileInput, MAX_CLASS_LIST_BYTES);
    } catch (failure) {
      showMessage(error, errorText(failure));
      return;
    }
    state.sheet = null;
    state.choices = null;
    state.touched = false;
    refresh();
  });
  sheetSelect.addEventListener('change', () => {
    state.sheet = sheetSelect.value;
    state.choices = null;
    state.touched = false;
    refresh();
  });
  skipInvalid.addEventListener('change', refresh);
  withdraw.addEventListener('change', refresh);
}

// The request for the backend. Until the person changes a column, Balise's own recognition is used; after,
// every field's column is spelled out (an empty header leaves the field out).
function request(state, skipInvalid, withdrawMissing) {
  const overrides = state.touched && state.view
    ? state.view.fields.map((one) => ({ field: one.key, header: state.choices[one.key] || '' }))
    : [];
  return { file: state.file, sheet: state.sheet, overrides, skip_invalid: skipInvalid, withdraw_missing: withdrawMissing };
}

function choicesOf(view) {
  const choices = {};
  if (view.mapping) for (const column of view.mapping.columns) choices[column.field] = column.header;
  return choices;
}

function fieldFor(choices, header) {
  const found = Object.entries(choices || {}).find(([, value]) => value === header);
  return found ? found[0] : '';
}

function studentText(row) {
  return `${row.last_name}, ${row.first_name} (${row.class_code})`;
}

// A titled list of the preview's rows; long lists show their first `limit` items and how many more.
function listSection(id, title, items, render, limit = 50) {
  if (!items || items.length === 0) return null;
  const shown = items.slice(0, limit);
  return el('div', { id, class: 'import-list' },
    el('h3', null, `${title} (${items.length})`),
    el('ul', null, shown.map((item) => el('li', null, render(item)))),
    items.length > shown.length ? el('p', { class: 'field-hint' }, t('import.more', { count: items.length - shown.length })) : null);
}

function formatText(format) {
  switch (format.kind) {
    case 'csv': {
      const separator = format.separator === '\t' ? t('import.tab') : `« ${format.separator} »`;
      return t('import.format.csv', { encoding: t(`import.encoding.${format.encoding}`), separator });
    }
    case 'one_roster':
      return `OneRoster ${format.version}`;
    default:
      return t('import.format.workbook', { kind: format.kind.toUpperCase(), sheet: format.sheet });
  }
}
