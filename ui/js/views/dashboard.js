// Tableau de bord: for the school year, what needs attention in the register — classes without a platform,
// uses non conformes or pas prêtes, the one-platform-per-class warnings (5.2) and open infractions.
import * as api from '../api.js';
import { el } from '../dom.js';
import { t, errorText } from '../i18n.js';
import { screenTitle } from './shell.js';
import { classHref, reasonList, stateBadge, audienceLabel } from './register-common.js';

// Each section: its test id, the Dashboard field it lists, and how one finding reads.
const SECTIONS = [
  { id: 'dash-non-conformes', key: 'uses_non_conformes', item: useItem },
  { id: 'dash-pas-pretes', key: 'uses_pas_pretes', item: useItem },
  { id: 'dash-classes-without-platform', key: 'classes_without_platform', item: classItem },
  { id: 'dash-warnings', key: 'warnings_one_platform', item: warningItem },
  { id: 'dash-infractions', key: 'open_infractions', item: infractionItem },
  { id: 'dash-moved', key: 'students_changed_class', item: movedItem },
];

export async function renderDashboard(container) {
  const board = el('div', { id: 'dashboard', class: 'dashboard' });
  container.append(screenTitle(t('nav.tableau-de-bord')), board);
  let dashboard;
  try {
    dashboard = await api.registerDashboard();
  } catch (failure) {
    board.append(el('p', { class: 'message message--error', role: 'alert' }, errorText(failure)));
    return;
  }
  board.append(el('p', { class: 'section-intro' }, t('dash.intro', { year: dashboard.year, date: dashboard.as_of })));
  for (const section of SECTIONS) board.append(buildSection(section, dashboard[section.key] || []));
}

function buildSection(section, findings) {
  const titleId = `${section.id}-title`;
  return el('section', { id: section.id, class: ['panel', 'dash-section'], 'aria-labelledby': titleId },
    el('h2', { id: titleId, class: 'section-title' },
      t(`dash.${section.key}`),
      ' ',
      el('span', { class: ['count', findings.length ? 'count--some' : 'count--none'] }, String(findings.length))),
    el('p', { class: 'section-intro' }, t(`dash.${section.key}.rule`)),
    findings.length
      ? el('ul', { class: 'finding-list' }, findings.map(section.item))
      : el('p', { class: 'all-clear' }, t('dash.allClear')));
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
