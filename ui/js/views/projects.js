// Projets (issue 17): the projects annexes 3 to 6 are printed for. The list and a new project (title,
// medium, dates, classes, « sur un média social »); a project's screen (#/projets/ID): its forms printed for
// its students or its adults (a viewer copy, or the reminders only), an adult added, and each form's return
// typed box by box — type the form's number, tick what the parent ticked, Entrée — with what each box allows.
import * as api from '../api.js';
import { el, showMessage, setBusy, clearBusy } from '../dom.js';
import { t, errorText } from '../i18n.js';
import { screenTitle } from './shell.js';
import { field, today, markLoading, markReady } from './register-common.js';

const ROLES = ['direction', 'enseignant', 'personnel', 'parent', 'autre'];

// A form number typed on Retours that is a project's: the project's page opens with it typed in.
let pendingNumber = '';

export function openProjectForm(projectId, number) {
  pendingNumber = number;
  location.hash = `#/projets/${projectId}`;
}

export async function renderProjects(container, context) {
  if (context.param) return renderProject(container, Number(context.param));
  const list = el('ul', { id: 'project-list', class: 'project-list', 'aria-label': t('projects.listTitle') });
  const status = el('p', { class: 'message', role: 'alert', hidden: true });
  const reload = async () => {
    try {
      const projects = await api.projectList();
      list.replaceChildren(...projects.map(projectItem));
      if (!projects.length) list.append(el('li', { class: 'empty-text' }, t('projects.none')));
    } catch (failure) {
      showMessage(status, errorText(failure), 'error');
    }
  };
  container.append(
    screenTitle(t('nav.projets')),
    el('p', { class: 'section-intro' }, t('projects.intro')),
    newProjectSection(reload),
    el('section', { class: 'panel', 'aria-labelledby': 'projects-list-title' },
      el('h2', { id: 'projects-list-title', class: 'section-title' }, t('projects.listTitle')), status, list));
  await reload();
}

function projectItem(project) {
  const classes = project.classes.length ? project.classes.join(', ') : t('projects.noClass');
  return el('li', { class: 'project-item', dataset: { projectId: project.id } },
    el('a', { href: `#/projets/${project.id}`, class: 'project-link' }, project.title),
    el('span', { class: 'project-meta' },
      t('projects.meta', { medium: project.medium, from: project.starts_on, to: project.ends_on, classes }),
      ' · ', t(project.social ? 'projects.annexes56' : 'projects.annexes34')));
}

function newProjectSection(reload) {
  const input = (id, type = 'text') => el('input', { id, type, class: 'input', autocomplete: 'off' });
  const title = input('project-title');
  const medium = input('project-medium');
  const description = el('textarea', { id: 'project-description', class: 'input', rows: 2 });
  const from = input('project-from', 'date');
  const to = input('project-to', 'date');
  from.value = today();
  const classes = input('project-classes');
  const social = el('input', { id: 'project-social', type: 'checkbox', class: 'checkbox' });
  const message = el('p', { class: 'message', role: 'alert', hidden: true });
  const add = el('button', { type: 'submit', id: 'project-add', class: 'button button--primary' }, t('projects.add'));
  const form = el('form', { id: 'project-form', class: ['form', 'project-form'] },
    field(t('projects.field.title'), title),
    field(t('projects.field.medium'), medium, t('projects.field.mediumHint')),
    field(t('projects.field.description'), description),
    field(t('projects.field.from'), from),
    field(t('projects.field.to'), to, t('projects.field.toHint')),
    field(t('projects.field.classes'), classes, t('projects.field.classesHint')),
    el('div', { class: 'check-row' }, social, el('label', { for: 'project-social' }, t('projects.field.social'))),
    message, el('div', { class: 'actions' }, add));
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    setBusy(add, t('projects.adding'));
    try {
      const project = await api.projectAdd({
        title: title.value, description: description.value, medium: medium.value, social: social.checked,
        starts_on: from.value, ends_on: to.value,
        classes: classes.value.split(/[,;\s]+/).filter(Boolean), staff: [],
      });
      form.reset();
      from.value = today();
      showMessage(message, t('projects.added', { id: project.id, title: project.title }), 'ok');
      await reload();
    } catch (failure) {
      showMessage(message, errorText(failure), 'error');
    }
    clearBusy(add, t('projects.add'));
  });
  return el('section', { class: 'panel', 'aria-labelledby': 'project-new-title' },
    el('h2', { id: 'project-new-title', class: 'section-title' }, t('projects.newTitle')), form);
}

async function renderProject(container, id) {
  const body = el('div', { id: 'project-detail' });
  container.append(el('p', null, el('a', { href: '#/projets', class: 'back-link' }, t('projects.back'))), body);
  // After a return, `recorded` is its number: said under the field, which gets the focus for the next one.
  const draw = async (recorded) => {
    markLoading();
    let detail;
    try {
      detail = await api.projectShow(id);
    } catch (failure) {
      body.replaceChildren(el('p', { class: 'message message--error', role: 'alert' }, errorText(failure)));
      markReady();
      return;
    }
    body.replaceChildren(...projectView(detail, draw, recorded));
    const next = recorded && document.getElementById('project-number');
    if (next) next.focus();
    markReady();
  };
  await draw(false);
  const typed = pendingNumber;
  pendingNumber = '';
  const field = document.getElementById('project-number');
  if (typed && field) {
    field.value = typed;
    field.dispatchEvent(new Event('input', { bubbles: true }));
    field.focus();
  }
}

function projectView({ project, forms }, redraw, recorded) {
  const students = forms.filter((f) => f.student_id !== null);
  const adults = forms.filter((f) => f.adult_id !== null);
  const back = forms.filter((f) => !['not_printed', 'not_returned'].includes(f.state.status)).length;
  return [
    screenTitle(project.title),
    el('p', { class: 'section-intro' },
      t('projects.meta', { medium: project.medium, from: project.starts_on, to: project.ends_on, classes: project.classes.join(', ') || t('projects.noClass') }),
      ' · ', t(project.social ? 'projects.annexes56' : 'projects.annexes34')),
    el('p', { id: 'project-counts', class: 'section-intro' }, t('projects.counts', { back, total: forms.length })),
    printSection(project, students.length, adults.length, redraw),
    returnSection(forms, redraw, recorded),
    formsTable(forms),
    adultSection(project, redraw),
  ];
}

function printSection(project, studentCount, adultCount, redraw) {
  const message = el('p', { class: 'message', role: 'alert', hidden: true });
  const button = (id, label, who, missingOnly) => {
    const b = el('button', { type: 'button', id, class: 'button' }, label);
    b.addEventListener('click', async () => {
      setBusy(b, t('forms.printing'));
      try {
        const saved = await api.projectPrint(project.id, who, missingOnly, 'open', '');
        if (saved) showMessage(message, saved.opened ? t('forms.opened') : t('use.savedTo', { path: saved.path }), 'ok');
        await redraw(false);
      } catch (failure) {
        showMessage(message, errorText(failure), 'error');
        clearBusy(b, label);
      }
    });
    return b;
  };
  return el('section', { class: 'panel', 'aria-labelledby': 'project-print-title' },
    el('h2', { id: 'project-print-title', class: 'section-title' }, t('projects.printTitle')),
    el('div', { class: 'actions' },
      studentCount ? button('project-print-students', t('projects.printStudents', { count: studentCount }), { kind: 'students', value: { class: null } }, false) : null,
      studentCount ? button('project-print-reminders', t('projects.printReminders'), { kind: 'students', value: { class: null } }, true) : null,
      adultCount ? button('project-print-adults', t('projects.printAdults', { count: adultCount }), { kind: 'adults' }, false) : null),
    message);
}

// Type the number, tick the boxes the parent ticked (1, 2, 3 toggle them), Entrée records; a box left empty
// is a refusal of that item (« cochez si vous êtes d'accord »).
function returnSection(forms, redraw, recorded) {
  const number = el('input', { id: 'project-number', class: 'input mono', autocomplete: 'off', placeholder: 'K7M-4QXC' });
  const boxes = el('fieldset', { id: 'project-boxes', class: 'checkbox-list', hidden: true });
  const who = el('p', { id: 'project-return-who', class: 'section-intro', hidden: true });
  const message = el('p', { id: 'project-return-message', class: 'message', role: 'alert', hidden: true });
  const save = el('button', { type: 'button', id: 'project-return-save', class: 'button button--primary', disabled: true }, t('projects.recordReturn'));
  const refuse = el('button', { type: 'button', id: 'project-return-refuse', class: 'button', disabled: true }, t('projects.refuse'));
  const withdrawBy = el('input', { id: 'project-withdraw-by', class: 'input', autocomplete: 'off' });
  const withdraw = el('button', { type: 'button', id: 'project-return-withdraw', class: 'button', disabled: true }, t('projects.withdraw'));
  const history = el('ol', { id: 'project-history', class: 'allowed-list' });
  // What only a chosen form has: its withdrawal and its history.
  const chosen = el('div', { id: 'project-return-chosen', hidden: true },
    field(t('projects.withdrawBy'), withdrawBy, t('projects.withdrawHint')), el('div', { class: 'actions' }, withdraw),
    el('h3', { class: 'section-title' }, t('projects.history')), history);
  let current = null;
  let asked = 0;
  // The form's history under its boxes: printings, returns, refusals, withdrawals, corrections.
  const showHistory = async (number) => {
    const mine = ++asked;
    try {
      const record = await api.projectFormHistory(number);
      if (mine !== asked) return;
      history.replaceChildren(...record.events.map((e) => el('li', null, `${e.on} — ${e.summary}${e.scan ? ` (${t('projects.scanJoined')})` : ''}`)));
      chosen.hidden = false;
    } catch (failure) {
      if (mine === asked) showMessage(message, errorText(failure), 'error');
    }
  };
  const find = () => {
    const typed = number.value.trim().toUpperCase().replace(/[^0-9A-Z]/g, '');
    current = forms.find((f) => f.number && f.number.replace('-', '') === typed) || null;
    boxes.hidden = who.hidden = !current;
    if (!current) chosen.hidden = true;
    save.disabled = refuse.disabled = withdraw.disabled = !current;
    if (!current) {
      if (typed.length >= 7) showMessage(message, t('projects.numberUnknown'), 'error');
      return;
    }
    showMessage(message, '');
    showHistory(current.number);
    who.textContent = t('projects.returnFor', { name: current.name, group: current.group });
    boxes.replaceChildren(el('legend', null, t('projects.ticked')),
      ...current.state.items.map((item, index) => el('div', { class: 'check-row check-row--compact' },
        el('input', { id: `project-box-${item.key}`, type: 'checkbox', class: 'checkbox', value: item.key }),
        el('label', { for: `project-box-${item.key}` }, `${index + 1}. ${t(`projects.item.${item.key}`)}`))));
  };
  number.addEventListener('input', find);
  const keys = (event) => {
    if (!current) return;
    if (['1', '2', '3'].includes(event.key) && event.target !== number) {
      const box = boxes.querySelectorAll('input')[Number(event.key) - 1];
      if (box) { box.checked = !box.checked; event.preventDefault(); }
    }
    if (event.key === 'Enter') { event.preventDefault(); save.click(); }
  };
  boxes.addEventListener('keydown', keys);
  number.addEventListener('keydown', (event) => { if (event.key === 'Enter' && current) { event.preventDefault(); boxes.querySelector('input')?.focus(); } });
  const send = async (button, action, label) => {
    setBusy(button, t('projects.saving'));
    try {
      const saved = await api.projectReturn(current.number, action);
      await redraw(saved.number);
    } catch (failure) {
      showMessage(message, errorText(failure), 'error');
      clearBusy(button, label);
    }
  };
  save.addEventListener('click', () => {
    if (!current) return;
    const ticked = [...boxes.querySelectorAll('input:checked')].map((b) => b.value);
    send(save, { kind: 'record', input: { ticked, received_on: null, signer: { kind: 'on_file' }, how: 'papier' } }, t('projects.recordReturn'));
  });
  // A withdrawal (by telephone, a note…) of the boxes ticked here, or of all of them.
  withdraw.addEventListener('click', () => {
    if (!current) return;
    const items = [...boxes.querySelectorAll('input:checked')].map((b) => b.value);
    send(withdraw, { kind: 'withdraw', items, on: null, by: withdrawBy.value, how: 'verbal' }, t('projects.withdraw'));
  });
  refuse.addEventListener('click', () => {
    if (!current) return;
    send(refuse, { kind: 'refuse', on: null, signer: { kind: 'on_file' }, how: 'papier' }, t('projects.refuse'));
  });
  if (recorded) showMessage(message, t('projects.recorded', { number: recorded }), 'ok');
  return el('section', { class: 'panel', 'aria-labelledby': 'project-return-title' },
    el('h2', { id: 'project-return-title', class: 'section-title' }, t('projects.returnTitle')),
    el('p', { class: 'section-intro' }, t('projects.returnRule')),
    field(t('projects.number'), number), who, boxes, message,
    el('div', { class: 'actions' }, save, refuse), chosen);
}

function formsTable(forms) {
  if (!forms.length) return el('p', { class: 'empty-text' }, t('projects.noParticipant'));
  return el('section', { class: 'panel', 'aria-labelledby': 'project-forms-title' },
    el('h2', { id: 'project-forms-title', class: 'section-title' }, t('projects.formsTitle')),
    el('table', { id: 'project-forms', class: 'table' },
      el('thead', null, el('tr', null,
        el('th', { scope: 'col' }, t('projects.col.name')),
        el('th', { scope: 'col' }, t('projects.col.group')),
        el('th', { scope: 'col' }, t('projects.col.number')),
        el('th', { scope: 'col' }, t('projects.col.status')),
        el('th', { scope: 'col' }, t('projects.col.allowed')))),
      el('tbody', null, forms.map((f) => el('tr', { dataset: { number: f.number, status: f.state.status } },
        el('td', null, f.name),
        el('td', null, f.group),
        el('td', { class: 'mono' }, f.number || '—'),
        el('td', null, t(`projects.status.${f.state.status}`)),
        el('td', null, f.state.status === 'not_printed' || f.state.status === 'not_returned'
          ? t('projects.nothingAllowed')
          : el('ul', { class: 'allowed-list' }, f.state.items.map((i) =>
            el('li', { class: i.allowed ? 'allowed' : 'withheld' }, i.words)))))))));
}

function adultSection(project, redraw) {
  const role = el('select', { id: 'project-adult-role', class: 'input' }, ROLES.map((r) => el('option', { value: r }, t(`projects.role.${r}`))));
  const last = el('input', { id: 'project-adult-last', class: 'input', autocomplete: 'off' });
  const first = el('input', { id: 'project-adult-first', class: 'input', autocomplete: 'off' });
  const message = el('p', { class: 'message', role: 'alert', hidden: true });
  const add = el('button', { type: 'submit', id: 'project-adult-add', class: 'button' }, t('projects.addAdult'));
  const form = el('form', { class: ['form', 'project-form'] },
    field(t('projects.field.role'), role), field(t('projects.field.lastName'), last), field(t('projects.field.firstName'), first),
    message, el('div', { class: 'actions' }, add));
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    setBusy(add, t('projects.adding'));
    try {
      await api.projectAdultAdd(project.id, { role: role.value, last_name: last.value, first_name: first.value, staff: null });
      await redraw(false);
    } catch (failure) {
      showMessage(message, errorText(failure), 'error');
      clearBusy(add, t('projects.addAdult'));
    }
  });
  return el('section', { class: 'panel', 'aria-labelledby': 'project-adults-title' },
    el('h2', { id: 'project-adults-title', class: 'section-title' }, t(project.social ? 'projects.adultsTitle6' : 'projects.adultsTitle4')),
    form);
}
