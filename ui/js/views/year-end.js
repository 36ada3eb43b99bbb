// Fin d'année (Directive 5.9–5.10): the uses whose platform must be emptied by 30 June, grouped by staff member (the
// use's own staff, else the class's teachers), their attestations to print, the written confirmations to record
// (or correct) with, when documents had to be kept (5.10), which students' documents went into their file, the
// checklist of those documents, the follow-up list; then closing
// the year, opening the next, the retention of a closed year's personal information, and the school's report.
import * as api from '../api.js';
import { el, showMessage, setBusy, clearBusy, replaceContent } from '../dom.js';
import { t, errorText } from '../i18n.js';
import { screenTitle } from './shell.js';
import { classHref, readChosenFile, markLoading, markReady } from './register-common.js';

const COUNTS = ['a_faire', 'attestation_imprimee', 'confirmee', 'en_retard'];

export async function renderYearEnd(container) {
  const board = el('div', { id: 'yearend', class: 'yearend' });
  container.append(screenTitle(t('nav.fin-annee')), board);
  await load(board);
}

async function load(board) {
  markLoading();
  let overview;
  try {
    overview = await api.yearEndOverview();
  } catch (failure) {
    replaceContent(board, el('p', { class: 'message message--error', role: 'alert' }, errorText(failure)));
    markReady();
    return;
  }
  const reload = () => load(board);
  replaceContent(board,
    el('p', { class: 'section-intro' }, t('yearend.intro')),
    closedBanner(overview),
    deletionPanel(overview, reload),
    closingPanel(overview, reload),
    reportPanel(overview),
    retentionPanel(overview, reload));
  markReady();
}

function closedBanner(overview) {
  if (!overview.closure) return null;
  return el('p', { id: 'yearend-closed', class: 'message', dataset: { kind: 'info', closed: 'true' }, role: 'status' },
    t('yearend.closedBanner', { year: overview.year, date: overview.closure.closed_on }));
}

// --------------------------------------------------------------------------------------- confirmations ----------

function deletionPanel(overview, reload) {
  const { summary, deadline: lastDay, groups } = overview.deletions;
  const result = el('p', { id: 'yearend-result', class: 'message', role: 'status', hidden: true });
  const overdue = summary.en_retard > 0;
  const deadline = el('p', { id: 'yearend-deadline', class: ['deadline', overdue ? 'deadline--overdue' : ''],
    dataset: { overdue: overdue ? 'true' : 'false', due: summary.due_now ? 'true' : 'false' } },
  overdue
    ? t('yearend.deadline.overdue', { date: lastDay, count: summary.en_retard })
    : t(summary.due_now ? 'yearend.deadline.due' : 'yearend.deadline.later', { date: lastDay }));
  const closed = Boolean(overview.closure);
  return el('section', { id: 'yearend-deletions', class: ['panel', 'dash-section'], 'aria-labelledby': 'yearend-deletions-title' },
    el('h2', { id: 'yearend-deletions-title', class: 'section-title' }, t('yearend.deletions.title', { year: overview.year })),
    el('p', { class: 'section-intro' }, t('yearend.deletions.rule')),
    deadline,
    summary.total === 0
      ? el('p', { class: 'empty-text' }, t('yearend.deletions.none'))
      : [
        el('ul', { class: 'count-cards' }, COUNTS.map((key) =>
          el('li', { id: `yearend-count-${key}`, class: ['count-card', `count-card--deletion-${key}`], dataset: { count: summary[key] } },
            el('span', { class: 'count-number' }, String(summary[key])),
            el('span', { class: 'count-label' }, t(`deletion.state.${key}`))))),
        // Directive 5.9: a confirmation dated after 30 June is counted as confirmed, and its lateness is said.
        summary.confirmee_en_retard > 0
          ? el('p', { id: 'yearend-confirmed-late', class: 'hint', dataset: { count: summary.confirmee_en_retard } },
            t('deletion.confirmedLate', { count: summary.confirmee_en_retard, date: lastDay }))
          : null,
        el('div', { class: 'actions' },
          printButton('yearend-print-all', t('yearend.printAll'), result, () => api.deletionPrint(null, 'open', t('yearend.printAll')),
            { disabled: closed }),
          printButton('yearend-print-followup', t('yearend.printFollowup'), result,
            () => api.deletionFollowupPrint('open', t('yearend.printFollowup')))),
        result,
        el('div', { id: 'yearend-staff' }, groups.map((member) => staffSection(overview, member, closed, reload))),
        checklistSection(overview.deletions.checklist || []),
      ]);
}

// Directive 5.10: « les renseignements ou documents qui doivent être conservés doivent être déposés au dossier de
// l'élève ». What the confirmations in force say was kept: which students, which documents (also at the end of
// the printed follow-up list, with a box to tick each).
function checklistSection(items) {
  return el('section', { id: 'yearend-checklist', class: 'keep-checklist', 'aria-labelledby': 'yearend-checklist-title', dataset: { count: items.length } },
    el('h3', { id: 'yearend-checklist-title', class: 'staff-deletions-name' }, t('yearend.checklist.title')),
    el('p', { class: 'section-intro' }, t('yearend.checklist.rule')),
    items.length === 0
      ? el('p', { class: 'empty-text' }, t('yearend.checklist.none'))
      : el('div', { class: 'table-scroll' }, el('table', { class: 'table keep-table' },
        el('thead', null, el('tr', null, ['student', 'class', 'document', 'uses', 'confirmed'].map((key) =>
          el('th', { scope: 'col' }, t(`yearend.checklist.col.${key}`))))),
        el('tbody', null, items.map((item) => el('tr', { dataset: { studentId: item.student_id ?? '', undetailed: String(item.student_id === null) } },
          el('th', { scope: 'row' }, item.student || '—'),
          el('td', null, item.class_code),
          el('td', null, item.student_id === null ? t('yearend.checklist.undetailed') : item.document),
          el('td', null, item.uses.join(', ')),
          el('td', null, t('yearend.checklist.by', { staff: item.staff, date: item.confirmed_on }))))))));
}

function printButton(id, label, result, run, extra) {
  const button = el('button', { type: 'button', id, class: ['button', 'button--small'], ...extra }, label);
  button.addEventListener('click', async () => {
    if (button.disabled) return;
    showMessage(result, '');
    setBusy(button, t('yearend.printing'));
    try {
      const saved = await run();
      if (saved) showMessage(result, t('use.savedTo', { path: saved.path }), 'ok');
    } catch (failure) {
      showMessage(result, errorText(failure), 'error');
    }
    clearBusy(button, label);
  });
  return button;
}

function stateBadge(state) {
  return el('span', { class: ['badge', `badge--deletion-${state}`], dataset: { state } }, t(`deletion.state.${state}`));
}

function staffSection(overview, member, closed, reload) {
  const slot = el('div', { class: 'use-action-slot' });
  const result = el('p', { class: 'message', role: 'status', hidden: true });
  const pending = member.uses.filter((use) => !use.confirmation);
  const titleId = `yearend-staff-${member.staff_id ?? 'none'}-title`;
  const confirmLabel = t('yearend.confirm.open');
  const confirm = el('button', { type: 'button', class: ['button', 'button--small', 'button--primary'],
    dataset: { action: 'confirm' }, disabled: closed || pending.length === 0 || member.staff_id === null }, confirmLabel);
  confirm.addEventListener('click', async () => {
    replaceContent(slot, await confirmForm(overview, member, pending, { close: () => slot.replaceChildren(), reload }));
    const first = slot.querySelector('input, select');
    if (first) first.focus();
  });
  const printOne = member.staff_id === null ? null
    : printButton(`yearend-print-${member.staff_id}`, t('yearend.printOne'), result,
      () => api.deletionPrint(member.staff, 'open', t('yearend.printOne')), { dataset: { action: 'print-one' }, disabled: closed });
  return el('section', { class: 'staff-deletions', dataset: { staffId: member.staff_id ?? '' }, 'aria-labelledby': titleId },
    el('h3', { id: titleId, class: 'staff-deletions-name' }, member.staff || t('yearend.noTeacher')),
    el('div', { class: 'table-scroll' }, el('table', { class: 'table deletion-table' },
      el('thead', null, el('tr', null,
        ['class', 'platform', 'state', 'confirmation', 'actions'].map((key) =>
          el('th', { scope: 'col' }, t(`yearend.col.${key}`))))),
      el('tbody', null, member.uses.map((use) => useRow(overview, member, use, closed, slot, reload))))),
    el('div', { class: 'actions' }, confirm, printOne),
    result,
    slot);
}

function useRow(overview, member, use, closed, slot, reload) {
  const confirmation = use.confirmation;
  let correct = null;
  if (confirmation && !closed) {
    correct = el('button', { type: 'button', class: ['button', 'button--small'], dataset: { action: 'correct', useId: use.use_id } },
      t('yearend.correct.open'));
    correct.addEventListener('click', async () => {
      replaceContent(slot, await correctForm(overview, member, use, { close: () => slot.replaceChildren(), reload }));
      const first = slot.querySelector('input, select');
      if (first) first.focus();
    });
  }
  return el('tr', { dataset: { useId: use.use_id, state: use.state }, class: use.state === 'en_retard' ? 'is-overdue' : null },
    el('th', { scope: 'row' }, el('a', { class: 'finding-link', href: classHref(use.class_code) },
      el('span', { class: 'class-code' }, t('class.codeShort', { code: use.class_code })))),
    el('td', null, use.platform, use.tolerated ? el('span', { class: 'hint' }, ` ${t('yearend.tolerated')}`) : null),
    el('td', null, stateBadge(use.state)),
    el('td', { class: 'deletion-confirmation' }, confirmation ? confirmationText(confirmation)
      : use.printed_on ? t('yearend.printedOn', { date: use.printed_on }) : ''),
    el('td', null, correct));
}

function confirmationText(confirmation) {
  const parts = [t('yearend.confirmedOn', { date: confirmation.on, how: t(`deletion.how.${confirmation.how}`) })];
  const kept = confirmation.kept || [];
  // Directive 5.10: the documents listed; a « oui » recorded before the list existed reads as it was.
  if (confirmation.dossier === true && kept.length) parts.push(t('yearend.dossier.count', { count: kept.length }));
  if (confirmation.dossier === true && !kept.length) parts.push(t('yearend.dossier.yesOld'));
  if (confirmation.dossier === false) parts.push(t('yearend.dossier.no'));
  if (confirmation.scan) parts.push(t('yearend.withScan'));
  if (confirmation.corrected) parts.push(t('yearend.corrected'));
  return parts.join(' · ');
}

// The students a 5.10 line may name: those of the classes of `uses` (a student of another class is refused by the
// core too).
async function studentsOf(uses) {
  const codes = [...new Set(uses.map((use) => use.class_code))];
  try {
    const lists = await Promise.all(codes.map((code) => api.studentList(code)));
    return lists.flat();
  } catch {
    return [];
  }
}

// Directive 5.10: the lines « élève — document versé à son dossier » of a confirmation, shown when the answer is
// « oui ». `initial` are the lines already recorded (a correction). read() gives [{student_id, document}] or
// throws a message with the field to focus.
function keepEditor(prefix, students, initial) {
  const rows = el('ul', { id: `${prefix}-keep`, class: 'keep-lines' });
  const known = new Map(students.map((one) => [one.id, `${one.last_name}, ${one.first_name} (${one.class_code})`]));
  for (const line of initial || []) {
    if (!known.has(line.student_id)) known.set(line.student_id, `${line.student} (${line.class_code})`);
  }
  const options = [...known.entries()].sort((a, b) => a[1].localeCompare(b[1], 'fr'));
  const addLine = (value) => {
    const select = el('select', { class: 'input', name: 'keep-student', 'aria-label': t('yearend.keep.student') },
      el('option', { value: '' }, t('yearend.keep.chooseStudent')),
      options.map(([id, label]) => el('option', { value: String(id), selected: Boolean(value && value.student_id === id) }, label)));
    const documentInput = el('input', { class: 'input', name: 'keep-document', autocomplete: 'off', value: value ? value.document : '',
      'aria-label': t('yearend.keep.document'), placeholder: t('yearend.keep.documentHint') });
    const remove = el('button', { type: 'button', class: ['button', 'button--small'], dataset: { action: 'keep-remove' },
      'aria-label': t('yearend.keep.remove') }, t('yearend.keep.removeShort'));
    const item = el('li', { class: 'keep-line' }, select, documentInput, remove);
    remove.addEventListener('click', () => item.remove());
    rows.append(item);
    return select;
  };
  const add = el('button', { type: 'button', id: `${prefix}-keep-add`, class: ['button', 'button--small'] }, t('yearend.keep.add'));
  add.addEventListener('click', () => addLine(null).focus());
  for (const line of initial || []) addLine(line);
  const node = el('fieldset', { id: `${prefix}-keep-editor`, class: 'keep-editor', hidden: true },
    el('legend', null, t('yearend.keep.legend')),
    el('p', { class: 'field-hint' }, t('yearend.keep.rule')),
    rows,
    el('div', { class: 'actions' }, add));
  const read = () => {
    const lines = [];
    for (const item of rows.children) {
      const select = item.querySelector('select');
      const documentInput = item.querySelector('input');
      const text = documentInput.value.trim();
      if (!select.value && !text) continue;
      if (!select.value) throw Object.assign(new Error(t('yearend.keep.studentRequired')), { focus: select });
      if (!text) throw Object.assign(new Error(t('yearend.keep.documentRequired')), { focus: documentInput });
      lines.push({ student_id: Number(select.value), document: text });
    }
    return lines;
  };
  return { node, read, addLine, count: () => rows.children.length };
}

// The fields every confirmation or correction has: date (the backend's today by default), how, the 5.10 answer
// with its lines, the scan. Returns {nodes, read} where read() gives the input or throws a message with the field
// to focus.
function confirmationFields(prefix, overview, initial, students) {
  const on = el('input', { id: `${prefix}-on`, type: 'date', class: 'input input--short', value: initial.on || overview.today, required: true });
  const how = el('select', { id: `${prefix}-how`, class: 'input input--short' },
    ['papier', 'courriel'].map((value) => el('option', { value, selected: value === (initial.how || 'papier') }, t(`deletion.how.${value}`))));
  const dossier = el('select', { id: `${prefix}-dossier`, class: 'input' },
    [['', 'yearend.dossier.unanswered'], ['oui', 'yearend.dossier.yes'], ['non', 'yearend.dossier.no']].map(([value, key]) =>
      el('option', { value, selected: value === (initial.dossier === true ? 'oui' : initial.dossier === false ? 'non' : '') }, t(key))));
  const scan = el('input', { id: `${prefix}-scan`, type: 'file', class: 'input', accept: '.pdf,.png,.jpg,.jpeg,application/pdf,image/png,image/jpeg' });
  const field = (input, key) => el('div', { class: 'field' }, el('label', { class: 'field-label', for: input.id }, t(key)), input);
  const keep = keepEditor(prefix, students || [], initial.kept || []);
  // A « oui » recorded before the list existed (issue 15): kept as it was unless lines are given.
  const oldYes = initial.dossier === true && !(initial.kept || []).length;
  const showKeep = () => {
    keep.node.hidden = dossier.value !== 'oui';
    if (!keep.node.hidden && keep.count() === 0 && !oldYes) keep.addLine(null);
  };
  dossier.addEventListener('change', showKeep);
  const nodes = [el('div', { class: 'field-grid' },
    field(on, 'yearend.field.on'), field(how, 'yearend.field.how'), field(dossier, 'yearend.field.dossier'), field(scan, 'yearend.field.scan')),
  keep.node];
  showKeep();
  const read = async () => {
    if (!on.value) throw Object.assign(new Error(t('field.required')), { focus: on });
    const input = { on: on.value, how: how.value, dossier: dossier.value === '' ? null : dossier.value === 'oui' };
    if (dossier.value === 'oui') {
      const lines = keep.read();
      if (lines.length) input.keep = lines;
      else if (oldYes) input.dossier = null;
      else throw Object.assign(new Error(t('yearend.keep.required')), { focus: keep.node.querySelector('select') || dossier });
    }
    return {
      input,
      scan: await readChosenFile(scan).catch((refusal) => { throw Object.assign(refusal, { focus: scan }); }),
    };
  };
  return { nodes, read };
}

async function confirmForm(overview, member, pending, { close, reload }) {
  const boxes = pending.map((use) => el('input', { type: 'checkbox', name: 'use', value: String(use.use_id), checked: true,
    id: `yearend-confirm-use-${use.use_id}` }));
  const { nodes, read } = confirmationFields('yearend-confirm', overview, {}, await studentsOf(pending));
  const status = el('p', { id: 'yearend-confirm-error', class: 'message', role: 'alert', hidden: true });
  const label = t('yearend.confirm.save');
  const submit = el('button', { type: 'submit', id: 'yearend-confirm-save', class: ['button', 'button--primary', 'button--small'] }, label);
  const cancel = el('button', { type: 'button', class: ['button', 'button--small'], onClick: close }, t('form.cancel'));
  const form = el('form', { id: 'yearend-confirm-form', class: ['form', 'use-action-form'], novalidate: true },
    el('p', { class: 'use-action-rule' }, t('yearend.confirm.rule', { staff: member.staff })),
    el('fieldset', { class: 'checkbox-list' }, el('legend', null, t('yearend.confirm.uses')),
      pending.map((use, i) => el('label', { class: 'checkbox', for: boxes[i].id }, boxes[i],
        ` ${t('class.codeShort', { code: use.class_code })} — ${use.platform}`))),
    nodes,
    el('div', { class: 'actions' }, submit, cancel),
    status);
  form.addEventListener('keydown', (event) => { if (event.key === 'Escape') close(); });
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    if (submit.disabled) return;
    showMessage(status, '');
    const useIds = boxes.filter((box) => box.checked).map((box) => Number(box.value));
    if (useIds.length === 0) return showMessage(status, t('yearend.confirm.noUse'), 'error');
    let values;
    try {
      values = await read();
    } catch (problem) {
      showMessage(status, problem.message, 'error');
      if (problem.focus) problem.focus.focus();
      return;
    }
    setBusy(submit, t('form.saving'));
    try {
      await api.deletionConfirm({ staff: member.staff, year: overview.year, use_ids: useIds, ...values.input }, values.scan);
      await reload();
    } catch (failure) {
      clearBusy(submit, label);
      showMessage(status, errorText(failure), 'error');
    }
  });
  return form;
}

async function correctForm(overview, member, use, { close, reload }) {
  const { nodes, read } = confirmationFields('yearend-correct', overview, use.confirmation, await studentsOf([use]));
  const reason = el('input', { id: 'yearend-correct-reason', class: 'input', required: true, autocomplete: 'off' });
  const status = el('p', { id: 'yearend-correct-error', class: 'message', role: 'alert', hidden: true });
  const label = t('yearend.correct.save');
  const submit = el('button', { type: 'submit', id: 'yearend-correct-save', class: ['button', 'button--primary', 'button--small'] }, label);
  const cancel = el('button', { type: 'button', class: ['button', 'button--small'], onClick: close }, t('form.cancel'));
  const form = el('form', { id: 'yearend-correct-form', class: ['form', 'use-action-form'], dataset: { useId: use.use_id }, novalidate: true },
    el('p', { class: 'use-action-rule' }, t('yearend.correct.rule', { code: use.class_code, platform: use.platform })),
    nodes,
    el('div', { class: 'field' }, el('label', { class: 'field-label', for: reason.id }, t('yearend.field.reason')), reason),
    el('div', { class: 'actions' }, submit, cancel),
    status);
  form.addEventListener('keydown', (event) => { if (event.key === 'Escape') close(); });
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    if (submit.disabled) return;
    showMessage(status, '');
    if (!reason.value.trim()) {
      showMessage(status, t('field.required'), 'error');
      reason.focus();
      return;
    }
    let values;
    try {
      values = await read();
    } catch (problem) {
      showMessage(status, problem.message, 'error');
      if (problem.focus) problem.focus.focus();
      return;
    }
    setBusy(submit, t('form.saving'));
    try {
      await api.deletionCorrect({ use_id: use.use_id, reason: reason.value.trim(), ...values.input }, values.scan);
      await reload();
    } catch (failure) {
      clearBusy(submit, label);
      showMessage(status, errorText(failure), 'error');
    }
  });
  return form;
}

// ------------------------------------------------------------------------------------- closing the year -------

function closingPanel(overview, reload) {
  const status = el('p', { id: 'yearend-close-result', class: 'message', role: 'alert', hidden: true });
  const section = (...children) => el('section', { id: 'yearend-close', class: ['panel', 'dash-section'], 'aria-labelledby': 'yearend-close-title',
    dataset: { closed: overview.closure ? 'true' : 'false' } },
  el('h2', { id: 'yearend-close-title', class: 'section-title' }, t('yearend.close.title', { year: overview.year })), ...children, status);
  if (overview.closure) {
    const label = t('yearend.open.submit', { year: overview.next_year });
    const open = el('button', { type: 'button', id: 'yearend-open-next', class: ['button', 'button--primary'] }, label);
    open.addEventListener('click', async () => {
      if (open.disabled) return;
      setBusy(open, t('form.saving'));
      try {
        await api.yearOpen(overview.next_year);
        location.reload();
      } catch (failure) {
        clearBusy(open, label);
        showMessage(status, errorText(failure), 'error');
      }
    });
    return section(
      el('p', { class: 'section-intro' }, t('yearend.close.done', { date: overview.closure.closed_on })),
      overview.closure.override_reason
        ? el('p', { class: 'hint' }, t('yearend.close.doneOverride', { reason: overview.closure.override_reason, count: overview.closure.missing.length }))
        : null,
      overview.current_year === overview.year ? [el('p', { class: 'section-intro' }, t('yearend.open.rule')), el('div', { class: 'actions' }, open)] : null);
  }
  const missing = overview.outstanding;
  const override = el('input', { type: 'checkbox', id: 'yearend-close-override' });
  const reason = el('input', { id: 'yearend-close-reason', class: 'input', autocomplete: 'off' });
  const label = t('yearend.close.submit', { year: overview.year });
  const submit = el('button', { type: 'button', id: 'yearend-close-submit', class: ['button', 'button--primary'] }, label);
  submit.addEventListener('click', async () => {
    if (submit.disabled) return;
    showMessage(status, '');
    const forced = missing.length > 0;
    if (forced && !override.checked) {
      showMessage(status, t('yearend.close.needOverride'), 'error');
      override.focus();
      return;
    }
    if (forced && !reason.value.trim()) {
      showMessage(status, t('yearend.close.needReason'), 'error');
      reason.focus();
      return;
    }
    setBusy(submit, t('form.saving'));
    try {
      await api.yearClose(overview.year, forced ? reason.value.trim() : null);
      await reload();
    } catch (failure) {
      clearBusy(submit, label);
      showMessage(status, errorText(failure), 'error');
    }
  });
  return section(
    el('p', { class: 'section-intro' }, t('yearend.close.rule')),
    missing.length === 0
      ? el('p', { class: 'all-clear' }, t('yearend.close.ready'))
      : [
        el('p', { class: 'message', dataset: { kind: 'error' } }, t('yearend.close.missing', { count: missing.length })),
        el('ul', { id: 'yearend-close-missing', class: 'finding-list' }, missing.map((item) =>
          el('li', { class: 'finding', dataset: { useId: item.use_id } },
            `${t('class.codeShort', { code: item.class_code })} — ${item.platform}${item.staff ? ` — ${item.staff}` : ''} — `,
            stateBadge(item.state)))),
        el('label', { class: 'checkbox', for: override.id }, override, ` ${t('yearend.close.override')}`),
        el('div', { class: 'field' }, el('label', { class: 'field-label', for: reason.id }, t('yearend.close.reason')), reason),
      ],
    el('div', { class: 'actions' }, submit));
}

// ----------------------------------------------------------------------------------------------- report ------

function reportPanel(overview) {
  const result = el('p', { id: 'yearend-report-result', class: 'message', role: 'status', hidden: true });
  return el('section', { id: 'yearend-report', class: ['panel', 'dash-section'], 'aria-labelledby': 'yearend-report-title' },
    el('h2', { id: 'yearend-report-title', class: 'section-title' }, t('yearend.report.title', { year: overview.year })),
    el('p', { class: 'section-intro' }, t('yearend.report.rule')),
    el('div', { class: 'actions' },
      printButton('yearend-report-pdf', t('yearend.report.pdf'), result, () => api.reportPrint(overview.year, 'open', t('yearend.report.pdf'))),
      printButton('yearend-report-csv', t('yearend.report.csv'), result, () => api.reportCsv(overview.year, t('yearend.report.csv')))),
    result);
}

// -------------------------------------------------------------------------------------------- retention ------

function retentionPanel(overview, reload) {
  const status = el('p', { id: 'yearend-purge-result', class: 'message', role: 'status', hidden: true });
  const list = el('ul', { id: 'yearend-purge-list', class: 'finding-list', hidden: true });
  const confirm = el('input', { type: 'checkbox', id: 'yearend-purge-confirm' });
  const runLabel = t('yearend.purge.run');
  const run = el('button', { type: 'button', id: 'yearend-purge-run', class: ['button', 'button--danger'], disabled: true }, runLabel);
  const confirmRow = el('label', { class: 'checkbox', for: confirm.id, hidden: true }, confirm, ` ${t('yearend.purge.confirm')}`);
  const previewLabel = t('yearend.purge.preview');
  const preview = el('button', { type: 'button', id: 'yearend-purge-preview', class: ['button'] }, previewLabel);
  preview.addEventListener('click', async () => {
    if (preview.disabled) return;
    setBusy(preview, t('app.working'));
    showMessage(status, '');
    try {
      const plan = await api.purgePreview();
      replaceContent(list, plan.years.map((year) => el('li', { class: 'finding', dataset: { year: year.year } },
        t('yearend.purge.item', { year: year.year, students: year.counts.students, forms: year.counts.forms, date: year.purge_due_on }))));
      list.hidden = plan.years.length === 0;
      confirmRow.hidden = plan.years.length === 0;
      run.disabled = plan.years.length === 0;
      if (plan.years.length === 0) showMessage(status, t('yearend.purge.nothing'), 'ok');
    } catch (failure) {
      showMessage(status, errorText(failure), 'error');
    }
    clearBusy(preview, previewLabel);
  });
  run.addEventListener('click', async () => {
    if (run.disabled) return;
    if (!confirm.checked) {
      showMessage(status, t('yearend.purge.needConfirm'), 'error');
      confirm.focus();
      return;
    }
    setBusy(run, t('app.working'));
    try {
      const done = await api.purgeRun();
      await reload();
      const after = document.getElementById('yearend-purge-result');
      if (after) showMessage(after, t('yearend.purge.done', { count: done.years.length }), 'ok');
    } catch (failure) {
      clearBusy(run, runLabel);
      showMessage(status, errorText(failure), 'error');
    }
  });
  return el('section', { id: 'yearend-retention', class: ['panel', 'dash-section'], 'aria-labelledby': 'yearend-retention-title' },
    el('h2', { id: 'yearend-retention-title', class: 'section-title' }, t('yearend.purge.title')),
    el('p', { class: 'section-intro' }, t('yearend.purge.rule', { years: overview.retention_years })),
    el('div', { class: 'actions' }, preview),
    list, confirmRow,
    el('div', { class: 'actions' }, run),
    status);
}
