// Paramètres → « Logo de l'organisation »: the logo printed at the top of every document, shown as a small preview
// (a data: URL from the backend, which checked the file as a PNG or JPEG when it was chosen), chosen or replaced
// from a file, or removed. Each change is journaled by the backend; a refused file changes nothing.
import * as api from '../api.js';
import { el, showMessage, setBusy, clearBusy } from '../dom.js';
import { t, errorText, formatSize } from '../i18n.js';
import { readChosenFile } from './register-common.js';

// The core's bound (logo::MAX_BYTES): refused here before the file is read and sent.
const MAX_LOGO_BYTES = 2 * 1024 * 1024;

export function buildLogoSection() {
  const current = el('div', { id: 'logo-current', class: 'logo-current' });
  const status = el('p', { id: 'logo-status', class: 'message', role: 'status', hidden: true });
  const input = el('input', { id: 'logo-file', name: 'file', type: 'file', class: 'input', accept: '.png,.jpg,.jpeg,image/png,image/jpeg' });
  const save = el('button', { type: 'submit', id: 'logo-save', class: 'button button--primary' }, t('settings.logoSave'));
  const remove = el('button', { type: 'button', id: 'logo-remove', class: 'button', hidden: true }, t('settings.logoRemove'));
  const form = el('form', { id: 'logo-form', class: 'form', novalidate: true },
    el('div', { class: 'field' },
      el('label', { class: 'field-label', for: 'logo-file' }, t('settings.logoFile')),
      input,
      el('p', { class: 'field-hint' }, t('settings.logoHint'))),
    el('div', { class: 'actions' }, save, remove));
  const section = el('section', { id: 'settings-logo', class: 'panel', 'aria-labelledby': 'settings-logo-title' },
    el('h2', { id: 'settings-logo-title', class: 'section-title' }, t('settings.logo')),
    el('p', { class: 'section-intro' }, t('settings.logoIntro')),
    current, form, status);

  const show = (logo) => {
    section.dataset.logo = logo ? 'oui' : 'non';
    remove.hidden = !logo;
    current.replaceChildren(logo
      ? el('figure', { class: 'logo-figure' },
        el('img', { id: 'logo-preview', class: 'logo-preview', src: logo.data_url, alt: t('settings.logoAlt') }),
        el('figcaption', { id: 'logo-info' }, t('settings.logoInfo', {
          name: logo.attachment.original_name,
          kind: logo.attachment.media_type === 'image/png' ? 'PNG' : 'JPEG',
          width: logo.width,
          height: logo.height,
          size: formatSize(logo.attachment.size),
        })))
      : el('p', { id: 'logo-info', class: 'empty-text' }, t('settings.logoNone')));
  };

  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    if (save.disabled) return;
    showMessage(status, '');
    setBusy(save, t('form.saving'));
    try {
      const file = await readChosenFile(input, MAX_LOGO_BYTES);
      if (!file) {
        showMessage(status, t('settings.logoChooseFirst'), 'error');
      } else {
        show(await api.logoSet(file));
        input.value = '';
        showMessage(status, t('settings.logoSaved'), 'ok');
      }
    } catch (failure) {
      showMessage(status, errorText(failure), 'error');
    }
    clearBusy(save, t('settings.logoSave'));
  });

  remove.addEventListener('click', async () => {
    if (remove.disabled) return;
    showMessage(status, '');
    setBusy(remove, t('app.working'));
    try {
      await api.logoRemove();
      show(null);
      showMessage(status, t('settings.logoRemoved'), 'ok');
    } catch (failure) {
      showMessage(status, errorText(failure), 'error');
    }
    clearBusy(remove, t('settings.logoRemove'));
  });

  api.logoGet().then(show, (failure) => showMessage(status, errorText(failure), 'error'));
  return section;
}
