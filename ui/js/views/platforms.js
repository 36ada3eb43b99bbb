// Plateformes: the catalogue (Directive art. 4) with each platform's status, and its two changes — editing a
// status, which first previews the uses it would affect and asks for confirmation, and adding a platform.
// Two flags are the Directive's: the 5.9 deletion (only Mozaïk-Portail, Portail Parents and Clic École are
// exempt) and « hors Directive » (art. 3: professional e-mail only). Setting either otherwise asks for a reason,
// which the journal keeps with the article.
import * as api from '../api.js';
import { el, showMessage, setBusy, clearBusy } from '../dom.js';
import { t, errorText } from '../i18n.js';
import { screenTitle } from './shell.js';
import { statusBadge, stateBadge, audienceLabel, classHref, field, markLoading, markReady } from './register-common.js';

const STATUSES = ['approuvee', 'autorisation_requise', 'toleree', 'proscrite'];
const AUDIENCES = ['parents', 'eleves'];
const COLUMNS = ['name', 'audiences', 'status', 'until', 'deletion', 'institutional', 'edit'];

export async function renderPlatforms(container) {
  const error = el('p', { class: 'message message--error', role: 'alert', hidden: true });
  const body = el('tbody');
  const table = el('table', { id: 'platform-table', class: 'table' },
    el('caption', { class: 'visually-hidden' }, t('platforms.caption')),
    el('thead', null, el('tr', null, COLUMNS.map((column) =>
      el('th', { scope: 'col', class: `col-${column}` }, t(`platforms.col.${column}`))))),
    body);
  const editSlot = el('div', { class: 'platform-edit-slot' });
  container.append(
    screenTitle(t('nav.plateformes')),
    el('p', { class: 'section-intro' }, t('platforms.intro')),
    error,
    el('section', { class: 'panel', 'aria-labelledby': 'platform-table-title' },
      el('h2', { id: 'platform-table-title', class: 'section-title' }, t('platforms.catalogue')),
      el('div', { class: 'table-scroll' }, table),
      editSlot));

  let platforms = [];
  const load = async () => {
    try {
      platforms = await api.platformList();
      body.replaceChildren(...platforms.map((platform) => platformRow(platform, () => openEdit(platform))));
      showMessage(error, '');
    } catch (failure) {
      showMessage(error, errorText(failure));
    }
  };
  const reload = async (focusName) => {
    markLoading();
    await load();
    markReady();
    if (focusName) {
      const row = [...body.querySelectorAll('tr')].find((tr) => tr.dataset.platform === focusName);
      const button = row && row.querySelector('button[data-action="edit"]');
      if (button) button.focus();
    }
  };
  const openEdit = (platform) => {
    editSlot.replaceChildren(buildEditForm(platform, {
      close: (focusName) => {
        editSlot.replaceChildren();
        if (focusName) reload(focusName);
      },
    }));
    const status = document.getElementById('platform-status');
    if (status) status.focus();
  };

  await load();
  container.append(el('section', { class: 'panel', 'aria-labelledby': 'platform-add-title' },
    el('h2', { id: 'platform-add-title', class: 'section-title' }, t('platforms.addTitle')),
    buildAddForm(reload)));
}

// The flags set otherwise than their article says (5.9, art. 3), as the core's `deviations`.
function deviations(platform) {
  const out = [];
  if (!platform.end_of_year_deletion && !platform.named_in) out.push('5.9');
  if (platform.outside_directive && platform.named_in !== '3') out.push('3');
  return out;
}

// « Raison » shown when a flag differs from its article, with the article's words as hint.
function reasonField(id, flagged) {
  const input = el('input', { id, class: 'input', autocomplete: 'off' });
  const hint = el('p', { class: 'field-hint' });
  const wrapper = el('div', { class: 'field', hidden: true },
    el('label', { class: 'field-label', for: id }, t('platforms.reason')), input, hint);
  const update = () => {
    const articles = flagged();
    wrapper.hidden = articles.length === 0;
    hint.textContent = articles.map((article) => t(`platforms.reasonHint.${article === '5.9' ? 'deletion' : 'outside'}`)).join(' ');
  };
  return { input, wrapper, update };
}

function platformRow(platform, onEdit) {
  const yesNo = (flag) => t(flag ? 'platforms.yes' : 'platforms.no');
  const reasonOf = (article) => (article === '5.9' ? platform.deletion_exemption_reason : platform.outside_directive_reason);
  const edit = el('button', { type: 'button', class: 'button button--small', dataset: { action: 'edit' },
    'aria-label': t('platforms.editOne', { name: platform.name }) }, t('platforms.edit'));
  edit.addEventListener('click', onEdit);
  return el('tr', { dataset: { platform: platform.name, status: platform.status } },
    // The notes sit under the name: a narrow column of long text made every row tall.
    el('th', { scope: 'row', class: 'col-name' }, platform.name,
      platform.notes ? el('p', { class: 'platform-notes' }, platform.notes) : null,
      deviations(platform).map((article) => el('p', { class: 'platform-deviation', dataset: { article } },
        t('platforms.deviation', { article, reason: reasonOf(article) || t('platforms.reasonMissing') })))),
    el('td', null, platform.audiences.map(audienceLabel).join(', ')),
    el('td', null, statusBadge(platform.status)),
    el('td', null, platform.tolerated_until || '—'),
    el('td', null, yesNo(platform.end_of_year_deletion)),
    el('td', null, yesNo(platform.institutional_account)),
    el('td', null, edit));
}

function statusSelect(id, current) {
  return el('select', { id, class: 'input', required: true },
    STATUSES.map((status) => el('option', { value: status, selected: status === current }, t(`status.${status}`))));
}

// Status, tolerated-until, audiences, the two flags and the notes; Enter asks for the preview of the uses the
// change affects, and only « Confirmer » saves (art. 4: every change logged).
function buildEditForm(platform, { close }) {
  const status = statusSelect('platform-status', platform.status);
  const until = el('input', { id: 'platform-until', type: 'date', class: 'input input--short', value: platform.tolerated_until || '' });
  const untilField = field(t('platforms.until'), until, t('platforms.untilHint'));
  const showUntil = () => {
    untilField.hidden = status.value !== 'toleree';
  };
  status.addEventListener('change', showUntil);
  showUntil();
  const audiences = AUDIENCES.map((audience) => el('input', { id: `platform-edit-audience-${audience}`, type: 'checkbox',
    class: 'checkbox', value: audience, checked: platform.audiences.includes(audience) }));
  const deletion = el('input', { id: 'platform-edit-deletion', type: 'checkbox', class: 'checkbox', checked: platform.end_of_year_deletion });
  const institutional = el('input', { id: 'platform-edit-institutional', type: 'checkbox', class: 'checkbox', checked: platform.institutional_account });
  const outside = el('input', { id: 'platform-edit-outside', type: 'checkbox', class: 'checkbox', checked: platform.outside_directive });
  // A reason is asked when this change makes a flag differ from its article (what already differs keeps its reason).
  const before = deviations(platform);
  const reason = reasonField('platform-edit-reason', () => deviations({ ...platform, end_of_year_deletion: deletion.checked,
    outside_directive: outside.checked }).filter((article) => !before.includes(article)));
  deletion.addEventListener('change', reason.update);
  outside.addEventListener('change', reason.update);
  const notes = el('input', { id: 'platform-edit-notes', class: 'input', value: platform.notes || '', autocomplete: 'off' });
  const check = (input, label) => el('div', { class: 'check-row' }, input, el('label', { for: input.id }, label));
  const submit = el('button', { type: 'submit', id: 'platform-preview-submit', class: 'button button--primary' }, t('platforms.previewButton'));
  const cancel = el('button', { type: 'button', id: 'platform-edit-cancel', class: 'button' }, t('form.cancel'));
  cancel.addEventListener('click', () => close(platform.name));
  const status_ = el('p', { id: 'platform-edit-error', class: 'message', role: 'alert', hidden: true });
  const preview = el('div', { id: 'platform-preview', class: 'platform-preview', 'aria-live': 'polite' });
  const form = el('form', { id: 'platform-edit-form', class: 'form subform', dataset: { platform: platform.name }, novalidate: true },
    el('h3', null, t('platforms.editTitle', { name: platform.name })),
    el('div', { class: 'field-grid' }, field(t('platforms.status'), status, t('platforms.statusHint')), untilField,
      field(t('platforms.notes'), notes)),
    el('fieldset', { class: 'check-group' },
      el('legend', null, t('platforms.audiences')),
      audiences.map((input) => check(input, audienceLabel(input.value)))),
    check(deletion, t('platforms.deletionLabel')),
    check(institutional, t('platforms.institutionalLabel')),
    check(outside, t('platforms.outsideLabel')),
    reason.wrapper,
    el('div', { class: 'actions' }, submit, cancel),
    status_,
    preview);
  form.addEventListener('keydown', (event) => {
    if (event.key === 'Escape') close(platform.name);
  });

  const change = () => {
    const value = {
      status: status.value,
      audiences: audiences.filter((input) => input.checked).map((input) => input.value),
      end_of_year_deletion: deletion.checked,
      institutional_account: institutional.checked,
      outside_directive: outside.checked,
      notes: notes.value.trim(),
    };
    if (status.value === 'toleree' && until.value) value.tolerated_until = until.value;
    if (reason.input.value.trim()) value.reason = reason.input.value.trim();
    return value;
  };
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    if (submit.disabled) return;
    showMessage(status_, '');
    preview.replaceChildren();
    const requested = change();
    if (requested.audiences.length === 0) {
      invalid(status_, audiences[0], t('platforms.audienceRequired'));
      return;
    }
    // Directive 5.9 / art. 3: no change away from the article without its reason.
    if (!reason.wrapper.hidden && !requested.reason) {
      invalid(status_, reason.input, t('platforms.reasonRequired'));
      return;
    }
    setBusy(submit, t('app.working'));
    try {
      const result = await api.platformPreview(platform.name, requested);
      preview.append(...buildPreview(result, requested, platform.name, close, status_));
      const confirm = document.getElementById('platform-confirm');
      if (confirm) confirm.focus();
    } catch (failure) {
      showMessage(status_, errorText(failure), 'error');
    }
    clearBusy(submit, t('platforms.previewButton'));
  });
  return form;
}

function buildPreview(result, requested, name, close, errorNode) {
  const uses = result.uses || [];
  const confirm = el('button', { type: 'button', id: 'platform-confirm', class: 'button button--primary' }, t('platforms.confirm'));
  const cancel = el('button', { type: 'button', id: 'platform-cancel', class: 'button' }, t('form.cancel'));
  cancel.addEventListener('click', () => close(name));
  confirm.addEventListener('click', async () => {
    if (confirm.disabled) return;
    setBusy(confirm, t('form.saving'));
    try {
      await api.platformSet(name, requested);
      close(result.after ? result.after.name : name);
    } catch (failure) {
      clearBusy(confirm, t('platforms.confirm'));
      showMessage(errorNode, errorText(failure), 'error');
    }
  });
  return [
    el('p', { class: 'preview-summary' },
      t('platforms.previewSummary', { name }), ' ',
      statusBadge(result.before.status), ' → ', statusBadge(result.after.status)),
    uses.length
      ? el('table', { class: 'table preview-table' },
        el('caption', null, t('platforms.previewUses', { count: uses.length })),
        el('thead', null, el('tr', null,
          ['class', 'audience', 'before', 'after'].map((column) => el('th', { scope: 'col' }, t(`platforms.preview.${column}`))))),
        el('tbody', null, uses.map((use) => el('tr', { dataset: { useId: use.use_id, changes: String(use.state_changes) } },
          el('td', null, el('a', { href: classHref(use.class_code) }, use.class_code)),
          el('td', null, audienceLabel(use.audience)),
          el('td', null, stateBadge(use.state_before)),
          el('td', null, stateBadge(use.state_after))))))
      : el('p', { class: 'all-clear' }, t('platforms.previewNone')),
    el('div', { class: 'actions' }, confirm, cancel),
  ];
}

function buildAddForm(reload) {
  const name = el('input', { id: 'platform-name', class: 'input', required: true, autocomplete: 'off' });
  const audiences = AUDIENCES.map((audience) => el('input', { id: `platform-audience-${audience}`, type: 'checkbox', class: 'checkbox', value: audience }));
  const status = statusSelect('platform-add-status', 'autorisation_requise');
  const until = el('input', { id: 'platform-add-until', type: 'date', class: 'input input--short' });
  const deletion = el('input', { id: 'platform-deletion', type: 'checkbox', class: 'checkbox', checked: true });
  const institutional = el('input', { id: 'platform-institutional', type: 'checkbox', class: 'checkbox' });
  const outside = el('input', { id: 'platform-outside', type: 'checkbox', class: 'checkbox' });
  // No new platform is named by 5.9 or art. 3: unticking the deletion, or « hors Directive », asks for a reason.
  const reason = reasonField('platform-add-reason', () => deviations({ end_of_year_deletion: deletion.checked, outside_directive: outside.checked }));
  deletion.addEventListener('change', reason.update);
  outside.addEventListener('change', reason.update);
  const notes = el('input', { id: 'platform-notes', class: 'input', autocomplete: 'off' });
  const submit = el('button', { type: 'submit', id: 'platform-add-submit', class: 'button button--primary' }, t('platforms.add'));
  const status_ = el('p', { id: 'platform-add-status-message', class: 'message', role: 'status', hidden: true });
  const check = (input, label) => el('div', { class: 'check-row' }, input, el('label', { for: input.id }, label));
  const form = el('form', { id: 'platform-add-form', class: 'form', novalidate: true },
    el('div', { class: 'field-grid' },
      field(t('platforms.name'), name),
      field(t('platforms.status'), status),
      field(t('platforms.until'), until, t('platforms.untilHint')),
      field(t('platforms.notes'), notes)),
    el('fieldset', { class: 'check-group' },
      el('legend', null, t('platforms.audiences')),
      audiences.map((input) => check(input, audienceLabel(input.value)))),
    check(deletion, t('platforms.deletionLabel')),
    check(institutional, t('platforms.institutionalLabel')),
    check(outside, t('platforms.outsideLabel')),
    reason.wrapper,
    el('div', { class: 'actions' }, submit),
    status_);
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    if (submit.disabled) return;
    showMessage(status_, '');
    const chosen = audiences.filter((input) => input.checked).map((input) => input.value);
    if (!name.value.trim()) return invalid(status_, name, t('field.required'));
    if (chosen.length === 0) return invalid(status_, audiences[0], t('platforms.audienceRequired'));
    if (!reason.wrapper.hidden && !reason.input.value.trim()) return invalid(status_, reason.input, t('platforms.reasonRequired'));
    const draft = {
      name: name.value.trim(),
      audiences: chosen,
      status: status.value,
      end_of_year_deletion: deletion.checked,
      institutional_account: institutional.checked,
      outside_directive: outside.checked,
      notes: notes.value.trim(),
    };
    if (!reason.wrapper.hidden) draft.reason = reason.input.value.trim();
    if (status.value === 'toleree' && until.value) draft.tolerated_until = until.value;
    setBusy(submit, t('form.saving'));
    try {
      const added = await api.platformAdd(draft);
      form.reset();
      deletion.checked = true;
      reason.update();
      status.value = 'autorisation_requise';
      showMessage(status_, t('platforms.added', { name: added.name }), 'ok');
      await reload();
      name.focus();
    } catch (failure) {
      showMessage(status_, errorText(failure), 'error');
    }
    clearBusy(submit, t('platforms.add'));
  });
  return form;
}

function invalid(statusNode, input, text) {
  showMessage(statusNode, text, 'error');
  input.focus();
}
