// The frames around every screen: the main shell (wordmark, left navigation, header with the school and the
// language switch, main region) and the plain top bar of the first-run and lock screens.
import { el } from '../dom.js';
import { t, getLanguage, LANGUAGES } from '../i18n.js';

// The FR / EN switch. `onChoose(language)` is called with the button's language.
export function buildLanguageSwitch(onChoose) {
  const current = getLanguage();
  return el('div', { class: 'lang-switch', role: 'group', 'aria-label': t('lang.group') },
    LANGUAGES.map((language) => el('button', {
      type: 'button',
      id: `lang-${language}`,
      class: 'lang-button',
      lang: language,
      title: t(`lang.${language}`),
      'aria-pressed': String(language === current),
      onClick: () => onChoose(language),
    }, language.toUpperCase())));
}

// The top bar of the screens shown before the main shell (first run, locked, fatal error).
export function buildPlainTopbar(onChooseLanguage) {
  return el('header', { class: 'plain-topbar' },
    el('span', { class: 'wordmark' }, 'Balise'),
    onChooseLanguage ? buildLanguageSwitch(onChooseLanguage) : null);
}

// Builds the main shell. `groups` is a list of lists of route slugs (one list per block of links).
// Returns the element plus the main region (views render into it) and setters for what changes.
export function buildShell({ groups, currentSlug, settings, onChooseLanguage }) {
  const links = new Map();
  const schoolName = el('span', { class: 'school-name' });
  const schoolYear = el('span', { class: 'school-year' });
  const main = el('main', { id: 'main', class: 'main', tabindex: '-1' });

  const nav = el('nav', { class: 'nav', 'aria-label': t('nav.label') },
    groups.map((slugs) => el('ul', { class: 'nav-list' },
      slugs.map((slug) => {
        const link = el('a', { href: `#/${slug}`, class: 'nav-link', dataset: { nav: slug } }, t(`nav.${slug}`));
        links.set(slug, link);
        return el('li', null, link);
      }))));

  // A link would change the hash and so the route; this button only moves the focus.
  const skip = el('button', { type: 'button', class: 'skip-link', onClick: () => main.focus() }, t('skip.toContent'));

  const element = el('div', { class: 'shell' },
    skip,
    el('aside', { class: 'sidebar' },
      el('div', { class: 'sidebar-brand' }, el('span', { class: 'wordmark' }, 'Balise')),
      nav),
    el('div', { class: 'content' },
      el('header', { class: 'topbar' },
        el('p', { class: 'school-identity' }, schoolName, schoolYear),
        buildLanguageSwitch(onChooseLanguage)),
      main));

  const shell = {
    element,
    main,
    setCurrent(slug) {
      for (const [linkSlug, link] of links) {
        if (linkSlug === slug) link.setAttribute('aria-current', 'page');
        else link.removeAttribute('aria-current');
      }
    },
    setSchool(values) {
      const name = values && values.school_name ? values.school_name : '';
      schoolName.textContent = name || t('header.noSchool');
      schoolName.classList.toggle('is-missing', !name);
      const year = values && values.school_year ? values.school_year : '';
      schoolYear.textContent = year ? t('header.schoolYear', { year }) : '';
      schoolYear.hidden = !year;
    },
  };
  shell.setCurrent(currentSlug);
  shell.setSchool(settings);
  return shell;
}

// The h1 of every screen: tests find it as #screen-title, and the router focuses it after a navigation.
export function screenTitle(text) {
  return el('h1', { id: 'screen-title', class: 'screen-title', tabindex: '-1' }, text);
}
