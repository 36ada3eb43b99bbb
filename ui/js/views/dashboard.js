// Tableau de bord: for the school year, the return of the consent forms (counts, deadline, per class, the
// follow-up list to export), then what needs attention in the register — classes without a platform, uses non
// conformes or pas prêtes, the one-platform-per-class warnings (5.2) and open infractions.
import * as api from '../api.js';
import { el, showMessage, setBusy, clearBusy } from '../dom.js';
import { t, errorText } from '../i18n.js';
import { screenTitle } from './shell.js';
import { classHref, reasonList, stateBadge, audienceLabel } from './register-common.js';

// The school counts shown as cards, in reading order; the per-class table adds « imprimés ».
const CONSENT_COUNTS = ['expected', 'received', 'missing', 'blank', 'contradictory', 'unknown_signer', 'refused', 'withdrawn', 'consented'];
const CLASS_COLUMNS = ['expected', 'printed', 'received', 'missing', 'blank', 'refused', 'withdrawn'];

// Each section: its test id, the Dashboard field it lists, and how one finding reads.
const SECTIONS = [
  { id: 'dash-non-conformes', key: 'uses_non_conformes', item: useItem },
  { id: 'dash-pas-pretes', key: 'uses_pas_pretes', item: useItem },
  { id: 'dash-classes-without-platform', key: 'classes_without_platform', item: classItem },
  { id: 'dash-warnings', key: 'warnings_one_platform', item: warningItem },
  { id: 'dash-infractions', key: 'open_infractions', item: infractionItem },
  { id: 'dash-moved', key: 'students_changed_class', item: movedItem },
  { id: 'dash-projects', key: 'projects_missing_forms', item: projectItem },
  { id: 'dash-spaces', key: 'spaces_to_follow', item: spaceItem },
];

export async function renderDashboard(container) {
  const board = el('div', { id: 'dashboard', class: 'dashboard' });
  container.append(screenTitle(t('nav.tableau-de-bord')), board);
  let dashboard;
  try {
    performance.mark('balise-demande');
    dashboard = await api.registerDashboard();
    performance.mark('balise-donnees');
  } catch (failure) {
    board.append(el('p', { class: 'message message--error', role: 'alert' }, errorText(failure)));
    return;
  }
  board.append(el('p', { class: 'section-intro' }, t('dash.intro', { year: dashboard.year, date: dashboard.as_of })));
  if (dashboard.open_requests && dashboard.open_requests.length) board.append(requestSection(dashboard.open_requests));
  if (dashboard.deletions) board.append(deletionSection(dashboard.year, dashboard.deletions));
  if (dashboard.consents) board.append(consentSection(dashboard.consents));
  for (const section of SECTIONS) board.append(buildSection(section, dashboard[section.key] || []));
  performance.mark('balise-construit');
}

// A long list shows its first findings; the others are built when asked for (« Voir les N autres »): a
// principal reads the first ones, and the dashboard of a large school opens without laying out them all.
const FIRST_FINDINGS = 10;

function buildSection(section, findings) {
  const titleId = `${section.id}-title`;
  return el('section', { id: section.id, class: ['panel', 'dash-section'], 'aria-labelledby': titleId },
    el('h2', { id: titleId, class: 'section-title' },
      t(`dash.${section.key}`),
      ' ',
      el('span', { class: ['count', findings.length ? 'count--some' : 'count--none'] }, String(findings.length))),
    el('p', { class: 'section-intro' }, t(`dash.${section.key}.rule`)),
    findings.length ? findingList(section, findings) : el('p', { class: 'all-clear' }, t('dash.allClear')));
}

function findingList(section, findings) {
  const list = el('ul', { class: 'finding-list' }, findings.slice(0, FIRST_FINDINGS).map(section.item));
  const rest = findings.slice(FIRST_FINDINGS);
  if (!rest.length) return list;
  const more = el('button', { type: 'button', class: ['button', 'button--small', 'finding-more'], id: `${section.id}-more` },
    t('dash.showMore', { count: rest.length }));
  more.addEventListener('click', () => {
    const items = rest.map(section.item);
    list.append(...items);
    more.remove();
    // The keyboard goes on from the first finding it had not seen.
    const link = items[0].querySelector('a');
    if (link) link.focus();
  });
  return [list, more];
}

function findingLink(code, ...rest) {
  return el('a', { class: 'finding-link', href: classHref(code) },
    el('span', { class: 'class-code' }, t('class.codeShort', { code })), ...rest);
}

function useItem(finding) {
  return el('li', { class: 'finding', dataset: { useId: finding.use_id, classCode: finding.class_code } },
    findingLink(finding.class_code,
      el('span', { class: 'finding-platform' }, finding.platform),
      el('span', { class: 'finding-audience' }, audienceLabel(finding.audience)),
      stateBadge(finding.state)),
    reasonList(finding.reasons));
}

function classItem(finding) {
  return el('li', { class: 'finding', dataset: { classCode: finding.class_code } },
    findingLink(finding.class_code),
    reasonList(finding.reasons));
}

function warningItem(warning) {
  return el('li', { class: 'finding', dataset: { classCode: warning.class_code } },
    findingLink(warning.class_code,
      el('span', { class: 'finding-audience' }, audienceLabel(warning.audience)),
      el('span', { class: 'finding-platform' }, (warning.platforms || []).join(', '))),
    reasonList(warning.reasons));
}

function infractionItem(finding) {
  return el('li', { class: 'finding', dataset: { infractionId: finding.infraction_id, classCode: finding.class_code } },
    findingLink(finding.class_code,
      el('span', { class: 'finding-platform' }, finding.platform),
      el('span', { class: 'finding-date' }, t('infraction.foundOn', { date: finding.found_on }))),
    reasonList(finding.reasons));
}

function movedItem(finding) {
  return el('li', { class: 'finding', dataset: { studentId: finding.student_id, classCode: finding.class_code } },
    findingLink(finding.class_code,
      el('span', { class: 'finding-platform' }, finding.student),
      el('span', { class: 'finding-date' }, t('dash.movedFrom', { from: finding.from_class }))),
    el('p', { class: 'finding-detail' }, t('dash.movedNeeds', { platforms: finding.platforms.join(', ') })));
}

// The return of the forms (Annexe A): school counts against the deadline, one row per class, and the list of
// forms to chase exported for the office's reminders, or printed per class for the teachers (PDF).
function consentSection(followUp) {
  const school = followUp.school;
  const deadline = followUp.deadline
    ? t(followUp.overdue ? 'dash.consents.overdue' : 'dash.consents.deadline', { date: followUp.deadline, missing: school.missing })
    : t('dash.consents.noDeadline');
  const result = el('p', { id: 'dash-export-result', class: 'message', role: 'status', hidden: true });
  const exportButton = (format) => {
    const label = t(`dash.consents.export.${format}`);
    const button = el('button', { type: 'button', id: `dash-export-${format}`, class: 'button button--small' }, label);
    button.addEventListener('click', async () => {
      if (button.disabled) return;
      showMessage(result, '');
      setBusy(button, t('dash.consents.exporting'));
      try {
        const saved = await api.consentMissingExport(format, t('dash.consents.exportTitle'));
        if (saved) showMessage(result, t('use.savedTo', { path: saved.path }), 'ok');
      } catch (failure) {
        showMessage(result, errorText(failure), 'error');
      }
      clearBusy(button, label);
    });
    return button;
  };
  // The teachers' reminder list, per class (PDF), opened in the system viewer like the other printed documents.
  const printLabel = t('dash.consents.print');
  const printButton = el('button', { type: 'button', id: 'dash-print-reminders', class: 'button button--small' }, printLabel);
  printButton.addEventListener('click', async () => {
    if (printButton.disabled) return;
    showMessage(result, '');
    setBusy(printButton, t('dash.consents.exporting'));
    try {
      const saved = await api.consentReminderPrint('open', t('dash.consents.printTitle'));
      if (saved) showMessage(result, t('use.savedTo', { path: saved.path }), 'ok');
    } catch (failure) {
      showMessage(result, errorText(failure), 'error');
    }
    clearBusy(printButton, printLabel);
  });
  return el('section', { id: 'dash-consents', class: ['panel', 'dash-section', 'dash-consents'], 'aria-labelledby': 'dash-consents-title',
    dataset: { overdue: followUp.overdue ? 'true' : 'false' } },
    el('h2', { id: 'dash-consents-title', class: 'section-title' },
      t('dash.consents.title'),
      ' ',
      el('span', { class: ['count', school.missing ? 'count--some' : 'count--none'] }, String(school.missing))),
    el('p', { class: 'section-intro' }, t('dash.consents.rule')),
    el('p', { id: 'dash-consents-deadline', class: ['deadline', followUp.overdue ? 'deadline--overdue' : ''],
      dataset: { overdue: followUp.overdue ? 'true' : 'false' } }, deadline),
    school.expected === 0
      ? el('p', { class: 'empty-text' }, t('dash.consents.none'))
      : [
        el('ul', { class: 'count-cards consent-counts' }, CONSENT_COUNTS.map((key) =>
          el('li', { id: `dash-consents-count-${key}`, class: ['count-card', `count-card--${key}`], dataset: { count: school[key] } },
            el('span', { class: 'count-number' }, String(school[key])),
            el('span', { class: 'count-label' }, t(`dash.consents.count.${key}`))))),
        el('div', { class: 'table-scroll' }, el('table', { id: 'dash-consents-table', class: 'table consent-class-table' },
          el('caption', { class: 'visually-hidden' }, t('dash.consents.tableCaption')),
          el('thead', null, el('tr', null,
            el('th', { scope: 'col' }, t('dash.consents.col.class')),
            CLASS_COLUMNS.map((key) => el('th', { scope: 'col', class: 'col-number' }, t(`dash.consents.col.${key}`))))),
          el('tbody', null, followUp.classes.map((one) => el('tr', { dataset: { class: one.class_code, missing: one.counts.missing } },
            el('th', { scope: 'row' }, el('a', { class: 'finding-link', href: classHref(one.class_code) },
              el('span', { class: 'class-code' }, t('class.codeShort', { code: one.class_code })))),
            CLASS_COLUMNS.map((key) => el('td', { class: ['col-number', key === 'missing' && one.counts.missing ? 'is-missing' : ''], dataset: { key } },
              String(one.counts[key])))))))),
        el('div', { class: 'actions' }, exportButton('csv'), exportButton('xlsx'), printButton),
        el('p', { class: 'hint' }, t('dash.consents.printHint')),
      ],
    result);
}

// From 1 June (or as soon as one is overdue): the deletion confirmations of Directive 5.9, due by 30 June, overdue
// in red after it; the details and the attestations are on the Fin d'année screen.
function deletionSection(year, summary) {
  const deadline = `${String(year).slice(5)}-06-30`;
  const overdue = summary.en_retard > 0;
  const pending = summary.total - summary.confirmee;
  return el('section', { id: 'dash-deletions', class: ['panel', 'dash-section'], 'aria-labelledby': 'dash-deletions-title',
    dataset: { overdue: overdue ? 'true' : 'false', pending } },
  el('h2', { id: 'dash-deletions-title', class: 'section-title' },
    t('dash.deletions.title'),
    ' ',
    el('span', { class: ['count', pending ? 'count--some' : 'count--none'] }, String(pending))),
  el('p', { id: 'dash-deletions-deadline', class: ['deadline', overdue ? 'deadline--overdue' : ''], dataset: { overdue: overdue ? 'true' : 'false' } },
    overdue
      ? t('dash.deletions.overdue', { date: deadline, count: summary.en_retard })
      : t('dash.deletions.due', { date: deadline, pending, total: summary.total })),
  summary.confirmee_en_retard > 0
    ? el('p', { id: 'dash-deletions-confirmed-late', dataset: { count: summary.confirmee_en_retard } },
      t('deletion.confirmedLate', { count: summary.confirmee_en_retard, date: deadline }))
    : null,
  el('p', null, el('a', { id: 'dash-deletions-open', class: 'finding-link', href: '#/fin-annee' }, t('dash.deletions.open'))));
}

// Access and rectification requests not answered yet (seed 004, art. 4), soonest deadline first, whatever the
// school year: 20 days from receipt, 30 once extended (Loi sur l'accès, art. 98); the register is Demandes.
function requestSection(requests) {
  const overdue = requests.filter((r) => r.overdue).length;
  return el('section', { id: 'dash-requests', class: ['panel', 'dash-section'], 'aria-labelledby': 'dash-requests-title',
    dataset: { overdue: overdue ? 'true' : 'false', open: requests.length } },
  el('h2', { id: 'dash-requests-title', class: 'section-title' },
    t('dash.requests.title'), ' ',
    el('span', { class: ['count', 'count--some'] }, String(requests.length))),
  el('p', { class: 'section-intro' }, t('dash.requests.rule')),
  el('ul', { class: 'finding-list' }, requests.map((r) => el('li', { class: 'finding', dataset: { requestId: r.id, overdue: String(r.overdue) } },
    el('a', { class: 'finding-link', href: '#/demandes' },
      el('span', { class: 'finding-platform' }, t('dash.requests.item', { id: r.id, kind: t(`requests.kind.${r.kind}`), who: r.requester }))),
    el('p', { class: ['deadline', r.overdue ? 'deadline--overdue' : ''], dataset: { overdue: String(r.overdue) } },
      r.overdue
        ? t('requests.overdue', { date: r.deadline_in_force, days: -r.days_left })
        : t(r.extended_on ? 'requests.dueExtended' : 'requests.due', { date: r.deadline_in_force, days: r.days_left }))))));
}

// A project still running whose forms are not all back (issue 17): its page, and how many are back.
function projectItem(finding) {
  return el('li', { class: 'finding', dataset: { projectId: finding.project_id } },
    el('a', { class: 'finding-link', href: `#/projets/${finding.project_id}` },
      t('dash.projectMissing', { title: finding.title, returned: finding.returned, needed: finding.needed })));
}

// A social-media space to follow up (issue 17): its name and what is missing, a link to Espaces.
function spaceItem(finding) {
  return el('li', { class: 'finding', dataset: { spaceId: finding.space_id } },
    el('a', { class: 'finding-link', href: '#/espaces' }, finding.name),
    el('p', { class: 'finding-detail' }, finding.missing.join(' ; ')));
}
