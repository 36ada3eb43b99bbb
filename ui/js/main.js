// Boots Balise's window: asks the backend what state the store is in, then shows the first run, the lock screen
// or the main shell, whose screens are reached through a hash router (#/parametres, #/journal, ...).
//
// Stable test hooks (end-to-end tests drive the window through WebDriver with these; do not rename them):
//   body[data-ready="1"]      set once the current screen has rendered its data ("0" while it loads)
//   html[lang]                "fr" or "en", the current language
//   #screen-title             the h1 of the current screen
//   #lang-fr, #lang-en        language switch buttons (aria-pressed tells the current one)
//   First run:   #welcome-create, #recovery-key (textContent is exactly the key), #recovery-print,
//                #recovery-print-result, #recovery-confirm (checkbox), #recovery-noted,
//                #setup-form with #setting-css_name, #setting-school_name, #setting-principal_name,
//                #setting-operator_name, #setting-return_email, #setting-form_deadline, #setting-school_year,
//                and its submit button #setup-save
//   Locked:      #locked-reason, #unlock-code, #unlock-submit, #unlock-error
//   Shell:       a[data-nav="SLUG"] for SLUG in tableau-de-bord, classes, plateformes, personnel, importer, formulaires,
//                retours, fin-annee, journal, parametres (the current one has aria-current="page")
//   Paramètres:  the same #setting-… inputs, #settings-save, #settings-saved, #backup-create,
//                #backup-list (a ul, one li per backup), #verify-run, #verify-result (data-ok="true|false")
//                each backup li[data-file] has button[data-action=verify|restore] and .backup-check
//                (li[data-ok]); the restore's confirmation #restore-confirm[data-changes-lost] with
//                #restore-lost, #restore-agree (checkbox), #restore-run, #restore-cancel, #restore-status;
//                after a restore the window reloads and #app-notice says where the old file was kept
//   Demandes d'accès: #request-form (#request-person-search, #request-person-hits li[data-kind][data-id]
//                with a button, #request-person-chosen, #request-requester, #request-received, #request-kind,
//                #request-details, #request-submit, #request-error), #request-list li[data-request-id]
//                [data-open][data-overdue] with button[data-action=answer|extend|export|correct] (inline
//                forms *-answer-form, *-extend-form, *-correct-form; .person-status); « Le dossier d'une
//                personne »: #person-search, #person-hits, #person-chosen (the same actions)
//   Tableau de bord: #dash-requests (li[data-request-id][data-overdue]) when a request awaits its answer
//   Projets:     #project-form (#project-title, #project-medium, #project-description, #project-from,
//                #project-to, #project-classes, #project-social, #project-add), #project-list li[data-project-id]
//                with a link; detail at #/projets/ID: #project-detail, #project-counts, #project-print-students,
//                #project-print-reminders, #project-print-adults, #project-number, #project-boxes
//                (#project-box-KEY), #project-return-save, #project-return-refuse, #project-return-message,
//                #project-forms tr[data-number][data-status], the adult form (#project-adult-role,
//                #project-adult-last, #project-adult-first, #project-adult-add)
//   Espaces:     #space-form (#space-name, #space-platform, #space-other, #space-use-type, #space-access,
//                #space-content, #space-administration, #space-training, #space-monitoring,
//                #space-responsible, #space-add), #space-list article.space-card[data-space-id][data-status][data-number]
//                with button[data-action=print|send|accept|refuse|admin|member], #space-ID-sent-on,
//                #space-ID-decided-on, #space-ID-decision-scan, #space-ID-admin, #space-ID-conditions
//                (#space-ID-condition-KEY), #space-ID-members, #space-ID-member-student|by|on|signer
//   Tableau de bord: #dash-projects (li[data-project-id]) when a running project's forms are not all back
//   Journal:     #audit-table, one tr per entry in its tbody
//   Tableau de bord: #dashboard with sections #dash-classes-without-platform, #dash-non-conformes,
//                #dash-pas-pretes, #dash-warnings, #dash-infractions (one li per finding, each a link to the class)
//   Classes:     #class-list, #class-add-form (#class-code, #class-level, #class-teacher, #class-add-submit);
//                detail at #/classes/CODE: #class-detail, #use-add-form (#use-platform, #use-audience, #use-from,
//                #use-add-submit), #use-error, .use-card[data-use-id] with .use-state and
//                button[data-action=authorize|committee|attach-doc|validate-doc|send-doc|end] opening inline
//                forms (inputs named on, by, file; a [type=submit]), #infraction-form (#infraction-description,
//                #infraction-found, #infraction-submit)
//                class edit: #class-edit-open, #class-edit-form (#class-edit-level, #class-edit-teachers,
//                #class-edit-submit); a stored document: button[data-action=view-doc|save-doc]
//   Plateformes: #platform-table (one tr[data-platform] per platform), #platform-edit-form, #platform-status,
//                #platform-edit-notes, #platform-edit-deletion, #platform-preview, #platform-confirm
//   Importer:    #import-file (input type=file), #import-sheet, #import-error, #import-mapping (tr[data-header-index]
//                with select.mapping-field[data-header]), #import-mapping-error, #import-preview with
//                #import-count-added|changed|unchanged|absent|rejected[data-count], #import-rejected,
//                #import-skip-invalid, #import-withdraw-missing, #import-confirm, #import-result
//   Formulaires: #forms-unprintable (names the font cannot print), #forms-class, #forms-use, #forms-whole-class / #forms-some-students (radios), #forms-students
//                (checkboxes), #forms-missing-only, #forms-per-guardian, #forms-error, #forms-preview with
//                #forms-first-page and #forms-list (tr[data-student-id]), #forms-print, #forms-save, #forms-sheet,
//                #forms-result; the class detail links there with #class-print-forms, and #class-print-sheet
//   Retours:     #return-number (focused on arrival; Enter looks the number up), #return-search with #return-hits
//                (li[data-number], each with a button), #return-count[data-count] (forms saved since the window
//                opened), #return-recent (li[data-number]), #return-result[data-number][data-action=record|again|
//                correct|refuse|withdraw] after a save, #return-error (with #return-correct and #return-again when
//                the form is already recorded); the card #return-card[data-number][data-closed][data-mode] with
//                #return-state, #return-closed (a closed year), #return-guardians (li[data-guardian-id]
//                [data-do-not-contact]), #return-history (li[data-kind]), #return-form: #return-q1 / #return-q2
//                (fieldsets of radios #return-q1-oui|non|vide; keys o/y, n, v/b answer while the group has the
//                focus, question 1 then moves to question 2), #return-received (text, AAAA-MM-JJ), #return-how,
//                #return-signer (g:ID per guardian, student, name), #return-signer-name, #return-dnc-reason,
//                #return-reason (a correction), #return-scan (input type=file; a file dropped on the card works
//                too; #return-scan-chosen, #return-scan-clear), #return-save (Enter anywhere in the form saves),
//                #return-cancel (Escape), #return-refuse, #return-withdraw-open opening #return-withdraw-form
//                (#return-withdraw-question 1|2|les_deux, #return-withdraw-on, #return-withdraw-by,
//                #return-withdraw-how, #return-withdraw-save)
//   Suivi des formulaires: on the dashboard, #dash-consents with #dash-consents-deadline (data-overdue), the
//                school counts #dash-consents-count-KEY[data-count] for KEY in expected, received, missing, blank,
//                refused, withdrawn, consented; #dash-consents-table (tr[data-class], a link to the class),
//                #dash-export-csv, #dash-export-xlsx, #dash-export-result
//   Class consents: #student-table is the students × consent matrix (tr[data-student-id], td[data-use-id]
//                [data-q1][data-q2][data-status]); button[data-action=history][data-student-id] opens
//                #student-history (section[data-number] per form, li[data-kind] per event,
//                button[data-action=view-scan][data-attachment-id]); each guardian has
//                button[data-action=do-not-contact][data-guardian-id] (aria-pressed is the mark)
//   Personnel:   #staff-table (tr[data-staff-id], button[data-action=edit]), #staff-edit-form (#staff-edit-name,
//                #staff-edit-email, #staff-edit-submit), #staff-new-form (#staff-new-name, #staff-new-submit)
//   Field errors: #setting-KEY-error next to each field; the unlock error is #unlock-error.
import * as api from './api.js';
import { el } from './dom.js';
import { t, errorText, getLanguage, setLanguage, isLanguage, rememberedLanguage, rememberLanguage } from './i18n.js';
import { renderFirstRun, startFirstRun } from './views/first-run.js';
import { renderLocked } from './views/locked.js';
import { buildShell, buildPlainTopbar, screenTitle } from './views/shell.js';
import { renderPlaceholder } from './views/placeholder.js';
import { renderSettings } from './views/settings.js';
import { renderJournal } from './views/journal.js';
import { renderDashboard } from './views/dashboard.js';
import { renderClasses } from './views/classes.js';
import { renderPlatforms } from './views/platforms.js';
import { renderStaff } from './views/staff.js';
import { renderImport } from './views/import.js';
import { renderForms } from './views/forms.js';
import { renderReturns } from './views/returns.js';
import { renderYearEnd } from './views/year-end.js';
import { renderRequests } from './views/requests.js';
import { renderProjects } from './views/projects.js';
import { renderSpaces } from './views/spaces.js';
import { setToday } from './views/register-common.js';

// Each screen of the shell, by URL slug, in navigation order. A route may take one parameter after the slug
// (#/classes/601): it reaches the screen as context.param.
const ROUTES = {
  'tableau-de-bord': renderDashboard,
  classes: renderClasses,
  plateformes: renderPlatforms,
  personnel: renderStaff,
  importer: renderImport,
  formulaires: renderForms,
  retours: renderReturns,
  projets: renderProjects,
  espaces: renderSpaces,
  'fin-annee': renderYearEnd,
  demandes: renderRequests,
  journal: renderJournal,
  parametres: renderSettings,
};
// The navigation shows the daily work first, then the record and the settings.
const NAV_GROUPS = [
  ['tableau-de-bord', 'classes', 'plateformes', 'personnel', 'importer', 'formulaires', 'retours', 'projets', 'espaces', 'fin-annee'],
  ['demandes', 'journal', 'parametres'],
];
const DEFAULT_SLUG = 'tableau-de-bord';

const app = {
  mode: 'loading', // 'loading' | 'first-run' | 'locked' | 'shell' | 'fatal'
  status: null,
  settings: null,
  storeOpen: false, // once true, the language choice is saved in the store, not only on this computer
  pendingLanguage: null, // chosen on the lock screen: saved into the store once it opens
  fatalError: null,
  shell: null,
  renderCount: 0,
  startupReported: false,
  dailyBackupAsked: false,
};
const root = document.getElementById('app');
// The system's own font where the engine has one (see --font-sans in app.css): WebView2 on Windows, WebKit on
// macOS. WebKitGTK on Linux keeps the generic family, which fontconfig finds at the first lookup.
if (!/\bLinux\b|\bX11\b/.test(navigator.userAgent)) document.documentElement.dataset.systemFont = '';
// When this script started, in ms since the epoch: with the page's own start and its first painted
// frame, what the start-up bench reads (status.startup_probe).
const scriptStart = Date.now();

boot();

async function boot() {
  setLanguage(rememberedLanguage() || 'fr');
  window.addEventListener('hashchange', () => {
    if (app.mode === 'shell') render('navigate');
  });
  // A file dropped outside a drop zone (the Retours card, a file field) must not replace the page with the file.
  for (const type of ['dragover', 'drop']) {
    window.addEventListener(type, (event) => {
      if (!(event.target instanceof HTMLInputElement && event.target.type === 'file')) event.preventDefault();
    });
  }
  await loadStatus();
}

// Asks the backend for the store's state and picks the screen; called at start, after unlocking and on retry.
async function loadStatus() {
  try {
    app.status = await api.appStatus();
  } catch (error) {
    return showFatal(error);
  }
  const status = app.status;
  setToday(status.today);
  if (status.state === 'ready') {
    app.storeOpen = true;
    if (isLanguage(status.language)) useLanguage(status.language);
    try {
      app.settings = await api.settingsGet();
      performance.mark('balise-coffre');
    } catch (error) {
      return showFatal(error);
    }
    if (isLanguage(app.settings.language)) useLanguage(app.settings.language);
    await savePendingLanguage();
    // A store without a school name was created, but Balise closed before the school form was saved.
    if (!app.settings.school_name) {
      startFirstRun('setup', app.settings);
      app.mode = 'first-run';
    } else {
      app.mode = 'shell';
    }
  } else if (status.state === 'locked') {
    app.storeOpen = false;
    if (!rememberedLanguage() && isLanguage(status.language)) setLanguage(status.language);
    app.mode = 'locked';
  } else if (status.state === 'needs_init') {
    app.storeOpen = false;
    if (!rememberedLanguage() && isLanguage(status.language)) setLanguage(status.language);
    startFirstRun('welcome');
    app.mode = 'first-run';
  } else {
    return showFatal({ code: `unknown_state:${status.state}` });
  }
  await render('enter');
}

function showFatal(error) {
  app.mode = 'fatal';
  app.fatalError = error;
  return render('enter');
}

// Draws the current mode. `reason` is 'enter' (a new mode), 'navigate' (hash change), 'language' or 'step'.
async function render(reason) {
  const count = ++app.renderCount;
  document.body.dataset.ready = '0';
  document.title = 'Balise';
  try {
    if (app.mode === 'first-run') {
      app.shell = null;
      await renderFirstRun(root, {
        status: app.status,
        onChooseLanguage: chooseLanguage,
        onStoreOpened: () => {
          app.storeOpen = true;
        },
        onFinished: finishFirstRun,
        redraw: () => render('step'),
      });
    } else if (app.mode === 'locked') {
      app.shell = null;
      await renderLocked(root, { status: app.status, onChooseLanguage: chooseLanguage, onUnlocked: loadStatus });
    } else if (app.mode === 'shell') {
      await renderShellScreen(reason, count);
    } else if (app.mode === 'fatal') {
      app.shell = null;
      renderFatal();
    }
  } catch (error) {
    // A bug in a screen: say so rather than leave a blank window.
    console.error(error);
    const target = app.shell ? app.shell.main : root;
    target.append(el('p', { class: 'message message--error', role: 'alert' }, errorText(error)));
  }
  if (count === app.renderCount) document.body.dataset.ready = '1';
  if (app.mode === 'shell' && app.status && app.status.startup_probe && !app.startupReported) reportStartup();
  if (app.mode === 'shell' && !app.dailyBackupAsked) askDailyBackup();
}

// The day's backup, asked once the first screen of an open store is painted, so the morning's first start
// (which makes it) does not wait for it. A failure is said: nothing else would tell.
function askDailyBackup() {
  app.dailyBackupAsked = true;
  requestAnimationFrame(() => setTimeout(() => {
    api.dailyBackup().catch((error) => showNotice(t('notice.dailyBackupFailed', { error: errorText(error) })));
  }, 0));
}

// The start-up bench: when the page started loading, when its first frame was painted (the boot message,
// from WebKit's paint timing), when this script started, the steps in between (the User Timing marks named
// balise-…: the store's settings read, the shell built, the dashboard asked for, its figures received, its
// elements built, laid out), and when the shell's first screen (the dashboard) was painted. The Rust side
// adds its own moments to the line it prints.
async function reportStartup() {
  app.startupReported = true;
  // The layout the next frame would do anyway, timed on its own.
  void document.body.offsetHeight;
  performance.mark('balise-mise-en-page');
  const frame = await nextFrame();
  const dashboard = await nextFrame();
  const origin = performance.timeOrigin;
  const paint = performance.getEntriesByType('paint').find((entry) => entry.name === 'first-contentful-paint')
    || performance.getEntriesByType('paint')[0];
  const marks = [
    { name: 'page', ms: origin },
    { name: 'premier-affichage', ms: paint ? origin + paint.startTime : scriptStart },
    { name: 'script', ms: scriptStart },
    ...performance.getEntriesByType('mark')
      .filter((entry) => entry.name.startsWith('balise-'))
      .map((entry) => ({ name: entry.name.slice('balise-'.length), ms: origin + entry.startTime })),
    { name: 'image-suivante', ms: frame },
    { name: 'tableau-de-bord', ms: dashboard },
  ];
  api.startupMark(marks).catch((error) => console.error(error));
}

function nextFrame() {
  return new Promise((resolve) => requestAnimationFrame(() => resolve(Date.now())));
}

async function renderShellScreen(reason, count) {
  const { slug, param } = currentRoute();
  if (!app.shell || reason !== 'navigate') {
    app.shell = buildShell({ groups: NAV_GROUPS, currentSlug: slug, settings: app.settings, onChooseLanguage: chooseLanguage });
    root.replaceChildren(app.shell.element);
    performance.mark('balise-coquille');
  } else {
    app.shell.setCurrent(slug);
  }
  document.title = `${t(`nav.${slug}`)} · Balise`;
  // A fresh container per visit: a slow screen left behind writes into a detached node, not the new screen.
  const view = el('div', { class: 'view', dataset: { screen: slug } });
  app.shell.main.replaceChildren(view);
  // The day may have turned since the last screen (a window left open overnight): ask the core
  // again, once the old screen is gone, before the new one fills its date fields.
  try {
    setToday((await api.appStatus()).today);
  } catch (error) {
    console.error(error);
  }
  await ROUTES[slug](view, {
    slug,
    param,
    reason,
    status: app.status,
    settings: app.settings,
    onSettingsChanged: (settings) => {
      app.settings = settings;
      if (app.shell) app.shell.setSchool(settings);
    },
    // A backup restored from Paramètres: the store was replaced and reopened; the whole window reloads it and
    // the notice (outside the screens) says what happened.
    onStoreReplaced: (notice) => {
      showNotice(notice, 'ok');
      app.mode = 'loading';
      return loadStatus();
    },
  });
  // After a click in the navigation, move to the new screen's title so that keyboard and screen reader
  // users land on it; never take the focus away from a field someone is typing in.
  if (reason === 'navigate' && count === app.renderCount) {
    const active = document.activeElement;
    if (!active || active === document.body || active.closest('.nav')) {
      const title = view.querySelector('#screen-title');
      if (title) title.focus();
    }
  }
}

// The slug in the URL and its optional parameter (#/classes/601 gives classes and "601"), or the dashboard's
// (the URL is corrected without adding a history entry).
function currentRoute() {
  const path = window.location.hash.replace(/^#\/?/, '');
  const cut = path.indexOf('/');
  const slug = cut < 0 ? path : path.slice(0, cut);
  let param = cut < 0 ? '' : path.slice(cut + 1);
  try {
    param = decodeURIComponent(param);
  } catch {
    // A hand-typed, badly escaped address: keep the text as it is.
  }
  if (Object.prototype.hasOwnProperty.call(ROUTES, slug)) return { slug, param };
  window.history.replaceState(null, '', `#/${DEFAULT_SLUG}`);
  return { slug: DEFAULT_SLUG, param: '' };
}

function finishFirstRun(settings) {
  app.settings = settings;
  app.mode = 'shell';
  window.history.replaceState(null, '', `#/${DEFAULT_SLUG}`);
  return render('enter');
}

// The FR / EN switch: saved in the store when it is open, and always on this computer so that the first-run
// and lock screens (shown before the store opens) speak the same language next time.
async function chooseLanguage(language) {
  if (!isLanguage(language) || language === getLanguage()) return;
  const focusedId = document.activeElement ? document.activeElement.id : '';
  useLanguage(language);
  if (app.storeOpen) {
    await saveLanguage(language);
  } else {
    app.pendingLanguage = language;
  }
  await render('language');
  if (focusedId) {
    const again = document.getElementById(focusedId);
    if (again) again.focus();
  }
}

async function saveLanguage(language) {
  try {
    app.settings = await api.settingsSet('language', language);
  } catch (error) {
    showNotice(t('notice.languageNotSaved', { error: errorText(error) }));
  }
}

// The person switched language on the lock screen, then unlocked: that recent choice beats the stored one.
async function savePendingLanguage() {
  const language = app.pendingLanguage;
  app.pendingLanguage = null;
  if (!language || language === app.settings.language) return;
  useLanguage(language);
  await saveLanguage(language);
}

function useLanguage(language) {
  setLanguage(language);
  rememberLanguage(language);
}

function renderFatal() {
  const retry = el('button', { type: 'button', class: 'button button--primary' }, t('app.retry'));
  retry.addEventListener('click', () => {
    app.mode = 'loading';
    loadStatus();
  });
  root.replaceChildren(el('div', { class: 'solo' },
    buildPlainTopbar(chooseLanguage),
    el('div', { class: 'solo-body' },
      el('section', { class: 'card solo-card', 'aria-labelledby': 'screen-title' },
        screenTitle(t('app.fatalTitle')),
        el('p', { class: 'message message--error', role: 'alert' }, errorText(app.fatalError)),
        el('p', null, t('app.fatalHelp')),
        el('div', { class: 'actions' }, retry)))));
  retry.focus();
}

// A message that outlives redraws (outside #app), for problems that belong to no screen.
function showNotice(text, kind) {
  let notice = document.getElementById('app-notice');
  if (!notice) {
    const close = el('button', { type: 'button', class: 'notice-close', 'aria-label': t('notice.close') }, '×');
    notice = el('div', { id: 'app-notice', class: 'notice', role: 'alert' }, el('p', { class: 'notice-text' }), close);
    close.addEventListener('click', () => notice.remove());
    document.body.append(notice);
  }
  notice.querySelector('.notice-text').textContent = text;
  notice.classList.toggle('notice--ok', kind === 'ok');
}
