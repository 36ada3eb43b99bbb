// The calm stand-in for a screen not built yet: its title, what it will do, and when.
import { el } from '../dom.js';
import { t } from '../i18n.js';
import { screenTitle } from './shell.js';

export async function renderPlaceholder(container, context) {
  container.append(
    screenTitle(t(`nav.${context.slug}`)),
    el('section', { class: 'panel placeholder' },
      el('p', { class: 'placeholder-summary' }, t(`screen.${context.slug}.summary`)),
      el('p', { class: 'placeholder-soon' }, t('placeholder.soon'))));
}
