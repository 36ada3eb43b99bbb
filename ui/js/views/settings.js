// Paramètres: the school settings form, the organisation's logo (settings-logo.js), backups (list, create now, verify one, restore one after a confirmation
// that says what is lost), a new recovery key, the integrity check, and where the data lives.
import * as api from '../api.js';
import { el, showMessage, setBusy, clearBusy } from '../dom.js';
import { t, errorText, formatDateTime, formatSize } from '../i18n.js';
import { screenTitle } from './shell.js';
import { buildKey } from './first-run.js';
import { SCHOOL_FIELDS, buildSchoolFields, readRequired, saveSettings, showFieldErrors } from './school-fields.js';
import { buildLogoSection } from './settings-logo.js';

// Unsaved edits, kept when a language switch redraws the screen; dropped when the screen is entered anew.
let draft = null;

// context: { status, reason, onSettingsChanged(settings) }.
// What Balise is built from and ships (« À propos »): its own licence, the bundled fonts', and the main libraries
// compiled into it (the full list of crates and their licences is in the source's Cargo.lock).
const LICENCES = [
  ['Balise', 'MIT'],
  ['Liberation Sans (polices des PDF)', 'SIL Open Font License 1.1'],
  ['SQLCipher (base chiffrée)', 'BSD (Zetetic LLC)'],
  ['SQLite', 'domaine public'],
  ['Tauri, WRY, TAO', 'MIT ou Apache 2.0'],
  ['printpdf, rusqlite, serde, chrono, keyring, image, rqrr', 'MIT ou Apache 2.0'],
  ['OpenSSL (chiffrement de SQLCipher)', 'Apache 2.0'],
];

export async function renderSettings(container, context) {
  if (context.reason !== 'language') draft = null;
  const schoolSection = el('section', { class: 'panel', 'aria-labelledby': 'settings-school-title' },
    el('h2', { id: 'settings-school-title', class: 'section-title' }, t('settings.schoolSection')));
  const backupSection = el('section', { class: 'panel', 'aria-labelledby': 'settings-backups-title' },
    el('h2', { id: 'settings-backups-title', class: 'section-title' }, t('settings.backups')),
    el('p', { class: 'section-intro' }, t('settings.backupsIntro')));
  const verifySection = buildVerifySection();
  const dataDir = context.status ? context.status.data_dir : '';
  const version = context.status ? context.status.version : '';
  const aboutSection = el('section', { id: 'settings-about', class: 'panel', 'aria-labelledby': 'settings-about-title' },
    el('h2', { id: 'settings-about-title', class: 'section-title' }, t('settings.about')),
    el('dl', { class: 'facts' },
      el('dt', null, t('settings.version')),
      el('dd', { id: 'about-version' }, version || '—'),
      el('dt', null, t('settings.dataDir')),
      el('dd', { id: 'about-data-dir', class: 'path' }, dataDir || '—')),
    el('p', { class: 'section-intro' }, t('settings.aboutOffline')),
    el('h3', { class: 'subsection-title' }, t('settings.licences')),
    el('ul', { id: 'about-licences', class: 'licences' }, LICENCES.map(([name, licence]) =>
      el('li', null, el('strong', null, name), ' — ', licence))));

  const recoverySection = buildRecoverySection();
  container.append(screenTitle(t('nav.parametres')), schoolSection, buildLogoSection(), backupSection, recoverySection, verifySection,
    aboutSection);

  const [settings, backups] = await Promise.allSettled([api.settingsGet(), api.backupList()]);
  fillSchoolSection(schoolSection, settings, context);
  fillBackupSection(backupSection, backups, context);
}

function fillSchoolSection(section, outcome, context) {
  if (outcome.status === 'rejected') {
    section.append(el('p', { class: 'message message--error', role: 'alert' }, errorText(outcome.reason)));
    return;
  }
  let saved = outcome.value;
  const savedNote = el('p', { id: 'settings-saved', class: 'message message--ok inline-status', role: 'status', hidden: true });
  const formError = el('p', { class: 'message message--error', role: 'alert', hidden: true });
  const save = el('button', { type: 'submit', id: 'settings-save', class: 'button button--primary' }, t('settings.save'));
  const fields = buildSchoolFields(draft || saved, () => {
    draft = fields.read(false);
    showMessage(savedNote, '');
  });
  const form = el('form', { id: 'settings-form', class: 'form', novalidate: true },
    fields.element,
    formError,
    el('div', { class: 'actions' }, save, savedNote));

  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    if (save.disabled) return;
    showMessage(formError, '');
    showMessage(savedNote, '');
    const values = readRequired(fields);
    if (!values) return;
    // Only what changed is sent, so that the journal records real changes and nothing else.
    const changed = SCHOOL_FIELDS
      .map((field) => [field.key, values[field.key]])
      .filter(([key, value]) => value !== textOf(saved[key]));
    setBusy(save, t('form.saving'));
    const { settings, errors } = await saveSettings(changed);
    clearBusy(save, t('settings.save'));
    if (settings) {
      saved = settings;
      context.onSettingsChanged(settings);
      // Show what the backend kept (it may tidy a value), except where the person must still fix it.
      for (const [key, input] of fields.inputs) {
        if (!errors.has(key)) input.value = textOf(settings[key]);
      }
    }
    if (errors.size > 0) {
      draft = fields.read(false);
      showFieldErrors(fields, [], errors);
      showMessage(formError, t('form.notSaved'));
      fields.focusFirstError();
      return;
    }
    draft = null;
    showMessage(savedNote, t('settings.saved'));
  });

  section.append(form);
}

function fillBackupSection(section, outcome, context) {
  const status = el('p', { id: 'backup-status', class: 'message', role: 'status', hidden: true });
  const empty = el('p', { class: 'empty-text', hidden: true }, t('settings.backupNone'));
  const list = el('ul', { id: 'backup-list', class: 'backup-list', 'aria-label': t('settings.backupListLabel') });
  const create = el('button', { type: 'button', id: 'backup-create', class: 'button' }, t('settings.backupCreate'));
  // The confirmation of a restore opens here, under the list.
  const restoreSlot = el('div', { id: 'restore-slot' });
  const backupItem = (backup) => backupEntry(backup, restoreSlot, context);

  const showList = (backups) => {
    list.replaceChildren(...backups.map(backupItem));
    empty.hidden = backups.length > 0;
  };
  if (outcome.status === 'fulfilled') showList(outcome.value);
  else showMessage(status, errorText(outcome.reason), 'error');

  create.addEventListener('click', async () => {
    setBusy(create, t('settings.backupCreating'));
    showMessage(status, '');
    try {
      const backup = await api.backupCreate();
      showMessage(status, t('settings.backupCreated', { file: backup.file }), 'ok');
      try {
        showList(await api.backupList());
      } catch {
        // The backup exists; if the list cannot be read again, show the new one on top of the old list.
        list.prepend(backupItem(backup));
        empty.hidden = true;
      }
    } catch (failure) {
      showMessage(status, errorText(failure), 'error');
    }
    clearBusy(create, t('settings.backupCreate'));
  });

  section.append(el('p', { class: 'section-intro' }, t('settings.restoreIntro')),
    el('div', { class: 'actions' }, create), status, empty, list, restoreSlot);
}

// One backup: its date, file and size, « Vérifier » (checks it, writes nothing) and « Restaurer… » (opens the
// confirmation, which first checks it and counts what would be lost).
function backupEntry(backup, restoreSlot, context) {
  const result = el('p', { class: ['message', 'backup-check'], role: 'status', hidden: true });
  const verifyLabel = t('settings.backupVerify');
  const verify = el('button', { type: 'button', class: ['button', 'button--small'], dataset: { action: 'verify' } }, verifyLabel);
  const restoreLabel = t('settings.backupRestore');
  const restore = el('button', { type: 'button', class: ['button', 'button--small'], dataset: { action: 'restore' } }, restoreLabel);
  const item = el('li', { class: 'backup-item', dataset: { file: backup.file } },
    el('time', { class: 'backup-date', datetime: backup.created_at }, formatDateTime(backup.created_at)),
    el('span', { class: 'backup-file path' }, backup.file),
    el('span', { class: 'backup-size' }, formatSize(backup.size)),
    el('span', { class: 'backup-actions' }, verify, restore),
    result);
  verify.addEventListener('click', async () => {
    setBusy(verify, t('settings.verifying'));
    showMessage(result, '');
    delete item.dataset.ok;
    try {
      const report = await api.backupVerify(backup.file);
      item.dataset.ok = String(Boolean(report.ok));
      if (report.ok) showMessage(result, t('settings.backupSound'), 'ok');
      else showMessage(result, t('settings.backupDamaged', { problems: (report.problems || []).join(' ; ') }), 'error');
    } catch (failure) {
      item.dataset.ok = 'false';
      showMessage(result, errorText(failure), 'error');
    }
    clearBusy(verify, verifyLabel);
  });
  restore.addEventListener('click', async () => {
    setBusy(restore, t('settings.verifying'));
    showMessage(result, '');
    restoreSlot.replaceChildren();
    try {
      const preview = await api.backupRestorePreview(backup.file);
      restoreSlot.replaceChildren(restoreConfirmation(backup, preview, restoreSlot, context));
      restoreSlot.querySelector('#restore-agree').focus();
    } catch (failure) {
      item.dataset.ok = 'false';
      showMessage(result, errorText(failure), 'error');
    }
    clearBusy(restore, restoreLabel);
  });
  return item;
}

// The principal's confirmation of a restore: what is lost (the changes recorded since the backup, counted from
// the journal), where the current file is kept, and a box to tick before « Restaurer » works.
function restoreConfirmation(backup, preview, slot, context) {
  const date = formatDateTime(backup.created_at);
  const lost = preview.changes_lost;
  const status = el('p', { id: 'restore-status', class: 'message', role: 'alert', hidden: true });
  const agree = el('input', { type: 'checkbox', id: 'restore-agree', class: 'checkbox' });
  const label = t('settings.restoreRun');
  const run = el('button', { type: 'button', id: 'restore-run', class: ['button', 'button--danger'], disabled: true }, label);
  const cancel = el('button', { type: 'button', id: 'restore-cancel', class: 'button' }, t('form.cancel'));
  agree.addEventListener('change', () => { run.disabled = !agree.checked; });
  cancel.addEventListener('click', () => slot.replaceChildren());
  run.addEventListener('click', async () => {
    if (!agree.checked) return;
    setBusy(run, t('settings.restoring'));
    cancel.disabled = true;
    showMessage(status, '');
    let restored;
    try {
      restored = await api.backupRestore(backup.file);
    } catch (failure) {
      clearBusy(run, label);
      cancel.disabled = false;
      showMessage(status, errorText(failure), 'error');
      return;
    }
    await context.onStoreReplaced(t('settings.restoreDone', { date, aside: restored.previous_file_kept_as }));
  });
  return el('section', { id: 'restore-confirm', class: ['callout', 'callout--warning', 'restore-confirm'], 'aria-labelledby': 'restore-title',
    dataset: { file: backup.file, changesLost: lost } },
  el('h3', { id: 'restore-title' }, t('settings.restoreTitle', { date })),
  el('p', { id: 'restore-lost' }, lost > 0
    ? t('settings.restoreLost', { count: lost, latest: formatDateTime(preview.latest_change_at) })
    : t('settings.restoreNothingLost')),
  el('p', null, t('settings.restoreAside')),
  el('div', { class: 'check-row' }, agree, el('label', { for: 'restore-agree' }, t('settings.restoreAgree', { date, count: lost }))),
  el('div', { class: 'actions' }, run, cancel),
  status);
}

function buildVerifySection() {
  const result = el('div', { id: 'verify-result', class: 'verify-result', 'aria-live': 'polite' });
  const run = el('button', { type: 'button', id: 'verify-run', class: 'button' }, t('settings.verifyRun'));
  run.addEventListener('click', async () => {
    setBusy(run, t('settings.verifying'));
    result.replaceChildren();
    delete result.dataset.ok;
    try {
      const report = await api.verifyStore();
      const problems = Array.isArray(report.problems) ? report.problems : [];
      result.dataset.ok = String(Boolean(report.ok));
      if (report.ok) {
        result.append(el('p', { class: 'message message--ok' }, t('settings.verifyOk')));
      } else {
        result.append(
          el('p', { class: 'message message--error' }, t('settings.verifyProblems', { count: problems.length })),
          el('ul', { class: 'problem-list' }, problems.map((problem) => el('li', null, problem))));
      }
    } catch (failure) {
      result.append(el('p', { class: 'message message--error' }, errorText(failure)));
    }
    clearBusy(run, t('settings.verifyRun'));
  });
  return el('section', { class: 'panel', 'aria-labelledby': 'settings-verify-title' },
    el('h2', { id: 'settings-verify-title', class: 'section-title' }, t('settings.integrity')),
    el('p', { class: 'section-intro' }, t('settings.integrityIntro')),
    el('div', { class: 'actions' }, run),
    result);
}

function textOf(value) {
  return value === null || value === undefined ? '' : String(value);
}

// « Nouvelle clé de récupération »: the principal confirms that the old sheet will stop working, then the new
// key is shown once with its sheet, as at the first run, until « J'ai noté la clé ».
function buildRecoverySection() {
  const status = el('p', { id: 'recovery-renew-status', class: 'message', role: 'status', hidden: true });
  const agree = el('input', { type: 'checkbox', id: 'recovery-renew-agree', class: 'checkbox' });
  const renew = el('button', { type: 'button', id: 'recovery-renew', class: 'button', disabled: true }, t('settings.recoveryRenew'));
  const shown = el('div', { id: 'recovery-renew-shown', hidden: true });
  const section = el('section', { class: 'panel', 'aria-labelledby': 'settings-recovery-title' },
    el('h2', { id: 'settings-recovery-title', class: 'section-title' }, t('settings.recovery')),
    el('p', { class: 'section-intro' }, t('settings.recoveryIntro')),
    el('div', { class: 'check-row' }, agree, el('label', { for: 'recovery-renew-agree' }, t('settings.recoveryAgree'))),
    el('div', { class: 'actions' }, renew), status, shown);
  agree.addEventListener('change', () => { renew.disabled = !agree.checked; });
  renew.addEventListener('click', async () => {
    if (!agree.checked) return;
    setBusy(renew, t('app.working'));
    showMessage(status, '');
    let created;
    try {
      created = await api.newRecoveryKey();
    } catch (failure) {
      clearBusy(renew, t('settings.recoveryRenew'));
      showMessage(status, errorText(failure), 'error');
      return;
    }
    agree.checked = false;
    clearBusy(renew, t('settings.recoveryRenew'));
    renew.disabled = true;
    showKey(shown, created.recovery_key, status);
  });
  return section;
}

function showKey(shown, key, status) {
  const printResult = el('p', { id: 'recovery-print-result', class: 'message', role: 'status', hidden: true });
  const print = el('button', { type: 'button', id: 'recovery-print', class: 'button' }, t('recovery.print'));
  const noted = el('button', { type: 'button', id: 'recovery-noted', class: 'button button--primary' }, t('recovery.noted'));
  print.addEventListener('click', async () => {
    setBusy(print, t('recovery.printing'));
    try {
      const sheet = await api.printRecoverySheet();
      showMessage(printResult, t('recovery.printed', { path: sheet.path }), 'ok');
    } catch (failure) {
      showMessage(printResult, errorText(failure), 'error');
    }
    clearBusy(print, t('recovery.print'));
  });
  noted.addEventListener('click', async () => {
    try {
      await api.recoveryKeyNoted();
    } catch (failure) {
      showMessage(printResult, errorText(failure), 'error');
      return;
    }
    // The backend has forgotten the key; the page forgets it too.
    shown.replaceChildren();
    shown.hidden = true;
    showMessage(status, t('settings.recoveryDone'), 'ok');
  });
  shown.replaceChildren(
    el('p', { class: 'callout callout--warning' }, t('settings.recoveryOnce')),
    el('div', { class: 'recovery-box' }, el('p', { class: 'recovery-label' }, t('recovery.keyLabel')), buildKey(key)),
    el('div', { class: 'actions' }, print, noted),
    printResult);
  shown.hidden = false;
  print.focus();
}
