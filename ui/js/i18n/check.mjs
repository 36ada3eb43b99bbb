// Checks the interface catalogues: fr.js and en.js have the same keys and placeholders, no empty text, and
// every literal t('key') used under ui/js exists. Run with `node ui/js/i18n/check.mjs`; exits 1 on a problem.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const jsRoot = dirname(here);
const catalogues = {
  fr: await loadCatalogue('fr.js'),
  en: await loadCatalogue('en.js'),
};

const problems = [];
const frKeys = new Set(Object.keys(catalogues.fr));
const enKeys = new Set(Object.keys(catalogues.en));

for (const key of frKeys) if (!enKeys.has(key)) problems.push(`en.js lacks "${key}"`);
for (const key of enKeys) if (!frKeys.has(key)) problems.push(`fr.js lacks "${key}"`);

for (const [language, catalogue] of Object.entries(catalogues)) {
  for (const [key, text] of Object.entries(catalogue)) {
    if (typeof text !== 'string' || text.trim() === '') problems.push(`${language}.js: "${key}" is empty`);
  }
}

// A placeholder present in one language only would print "{name}" to the user in the other.
for (const key of frKeys) {
  if (!enKeys.has(key)) continue;
  const frNames = placeholders(catalogues.fr[key]);
  const enNames = placeholders(catalogues.en[key]);
  if (frNames !== enNames) problems.push(`"${key}": placeholders differ (fr: ${frNames || 'none'}, en: ${enNames || 'none'})`);
}

// Literal keys used in code; keys built at run time (nav.${slug}) are not seen here.
for (const file of javascriptFiles(jsRoot)) {
  if (file.startsWith(here)) continue;
  const source = readFileSync(file, 'utf8');
  for (const match of source.matchAll(/\bt\(\s*(['"])([^'"]+)\1/g)) {
    if (!frKeys.has(match[2])) problems.push(`${relative(jsRoot, file)}: unknown key "${match[2]}"`);
  }
}

if (problems.length > 0) {
  for (const problem of problems) console.error(`i18n: ${problem}`);
  console.error(`i18n: ${problems.length} problem(s)`);
  process.exit(1);
}
console.log(`i18n: ${frKeys.size} keys, fr and en match`);

// Imported from source text so that node reads them as ES modules without a package.json beside them.
async function loadCatalogue(name) {
  const source = readFileSync(join(here, name), 'utf8');
  const module = await import(`data:text/javascript;charset=utf-8,${encodeURIComponent(source)}`);
  return module.default;
}

function placeholders(text) {
  return [...String(text).matchAll(/\{(\w+)\}/g)].map((match) => match[1]).sort().join(',');
}

function javascriptFiles(directory) {
  const files = [];
  for (const name of readdirSync(directory)) {
    const path = join(directory, name);
    if (statSync(path).isDirectory()) files.push(...javascriptFiles(path));
    else if (name.endsWith('.js') || name.endsWith('.mjs')) files.push(path);
  }
  return files;
}
