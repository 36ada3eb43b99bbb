// Tiny DOM helpers: build elements whose text always goes in as text nodes, never parsed as HTML.

// Attributes set as properties rather than with setAttribute, so that they stay live.
const PROPERTIES = new Set(['value', 'checked', 'disabled', 'hidden', 'selected', 'htmlFor', 'tabIndex']);

// Builds `<tag>` with attributes and children.
//  - attrs.class: string or array (falsy entries dropped); attrs.dataset: object copied to data-*;
//  - attrs.onClick, attrs.onSubmit, ...: event listeners;
//  - attrs.for: the label's target id;
//  - a null, undefined or false attribute is left out; true gives an empty (boolean) attribute;
//  - children: strings and numbers become text nodes, nodes are appended, arrays are flattened,
//    null / undefined / false are skipped.
// `style` and `innerHTML` are refused: the CSP forbids inline styles and data never goes in as HTML.
export function el(tag, attrs, ...children) {
  const node = document.createElement(tag);
  if (attrs) {
    for (const [name, value] of Object.entries(attrs)) applyAttribute(node, name, value);
  }
  appendChildren(node, children);
  return node;
}

// Appends children with the same rules as el().
export function appendChildren(node, children) {
  for (const child of children) {
    if (child === null || child === undefined || child === false) continue;
    if (Array.isArray(child)) appendChildren(node, child);
    else if (child instanceof Node) node.appendChild(child);
    else node.appendChild(document.createTextNode(String(child)));
  }
  return node;
}

// Replaces every child of `node` with `children`.
export function replaceContent(node, ...children) {
  node.replaceChildren();
  return appendChildren(node, children);
}

// Shows or hides a node with a message; an empty message hides it.
export function showMessage(node, text, kind) {
  node.textContent = text || '';
  node.hidden = !text;
  if (kind) node.dataset.kind = kind;
  else delete node.dataset.kind;
}

function applyAttribute(node, name, value) {
  if (name === 'style' || name === 'innerHTML' || name === 'outerHTML') {
    throw new Error(`el(): "${name}" is not allowed (strict CSP, text only)`);
  }
  if (value === null || value === undefined || value === false) return;
  if (name === 'class') {
    node.className = Array.isArray(value) ? value.filter(Boolean).join(' ') : String(value);
  } else if (name === 'dataset') {
    for (const [key, item] of Object.entries(value)) {
      if (item !== null && item !== undefined) node.dataset[key] = String(item);
    }
  } else if (name === 'text') {
    node.textContent = String(value);
  } else if (name.length > 2 && name.startsWith('on') && typeof value === 'function') {
    node.addEventListener(name.slice(2).toLowerCase(), value);
  } else if (name === 'for') {
    node.htmlFor = value;
  } else if (PROPERTIES.has(name)) {
    node[name] = value;
  } else if (value === true) {
    node.setAttribute(name, '');
  } else {
    node.setAttribute(name, String(value));
  }
}

// Marks a button as working (disabled, aria-busy) with a progress label, so a double click sends nothing twice.
export function setBusy(button, text) {
  button.disabled = true;
  button.setAttribute('aria-busy', 'true');
  button.textContent = text;
}

export function clearBusy(button, text) {
  button.disabled = false;
  button.removeAttribute('aria-busy');
  button.textContent = text;
}
