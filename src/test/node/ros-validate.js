// Checks an ROS template against the ROS resource specifications published in the @alicloud/ros-cdk-*
// npm packages (generated "from the AliCloud ROS Resource Specification"): every resource type exists,
// every property name is one the type has (nested ones too), and every value passes the package's own
// property validators (types, required properties, allowed values). It also checks the template's own
// structure for every combination of the parameters its Conditions read: Rules refuse or allow the
// combination, Fn::If picks a branch, ALIYUN::NoValue drops a property, resources whose Condition is
// false are left out, and every Ref, Fn::GetAtt and Fn::Sub must then name something that exists.
//   node ros-validate.js TEMPLATE.yml
// Prints {"problems":[...],"combinations":[{"parameters":{},"refusedBy":null}],"attributes":{TYPE:[...]}}.
'use strict';
const fs = require('fs');
const path = require('path');
const yaml = require('js-yaml');
const ros = require('@alicloud/ros-cdk-core');

const PACKAGES = ['@alicloud/ros-cdk-fc3', '@alicloud/ros-cdk-oss', '@alicloud/ros-cdk-ram'];
const PSEUDO = ['ALIYUN::AccountId', 'ALIYUN::Region', 'ALIYUN::StackId', 'ALIYUN::StackName', 'ALIYUN::NoValue',
  'ALIYUN::TenantId'];

// --- the published specs ---------------------------------------------------------------------------
const renderers = {}; // render function name -> {Pascal: {camel, mapper}}
const types = {}; // ROS type -> {cls, renderer, attributes}
for (const pkg of PACKAGES) {
  const dir = path.dirname(require.resolve(pkg));
  const mod = require(pkg);
  for (const f of fs.readdirSync(dir).filter((n) => n.endsWith('.generated.js'))) {
    const src = fs.readFileSync(path.join(dir, f), 'utf8');
    const fn = /function (\w+ToRosTemplate)\(properties(?:, enableResourcePropertyConstraint)?\) \{([\s\S]*?)\n\}/g;
    let m;
    while ((m = fn.exec(src))) {
      const entries = {};
      const entry = /^\s*'(\w+)': (.+)\(properties\.(\w+)\),?$/gm;
      let e;
      while ((e = entry.exec(m[2]))) {
        entries[e[1]] = { camel: e[3], mapper: e[2] };
      }
      renderers[m[1]] = entries;
    }
  }
  for (const name of Object.keys(mod)) {
    const cls = mod[name];
    if (typeof cls !== 'function' || !cls.ROS_RESOURCE_TYPE_NAME || !/^Ros/.test(name)) continue;
    const text = cls.toString();
    const r = /renderProperties\(props\) \{\s*return (\w+)\(/.exec(text);
    const attributes = [];
    const att = /this\.getAtt\('(\w+)'\)/g;
    let a;
    while ((a = att.exec(text))) attributes.push(a[1]);
    types[cls.ROS_RESOURCE_TYPE_NAME] = { cls, renderer: r && r[1], attributes };
  }
}

function kindOf(mapper) {
  const list = /^ros\.listMapper\((.+)\)$/.exec(mapper);
  if (list) return { list: kindOf(list[1]) };
  if (renderers[mapper]) return { struct: mapper };
  return { scalar: mapper };
}

function isIntrinsic(v) {
  if (!v || typeof v !== 'object' || Array.isArray(v)) return false;
  const keys = Object.keys(v);
  return keys.length === 1 && (keys[0] === 'Ref' || keys[0].startsWith('Fn::'));
}

// A value of a parameter's type, so a Ref to a Boolean parameter in a string property is caught.
function sample(name) {
  const p = parameters[name];
  if (p.Type === 'Boolean') return true;
  if (p.Type === 'Number') return 1;
  if (p.Type === 'Json') return {};
  if (p.Type === 'CommaDelimitedList') return ['value'];
  if (p.Default !== undefined) return p.Default;
  return p.AllowedValues ? p.AllowedValues[0] : 'value';
}

// Template names -> the package's property names; unknown names are problems. A Ref to a parameter
// becomes a value of its type; other intrinsics stay as they are, which the package's validators accept
// wherever ROS resolves them at deployment.
function toProps(value, kind, where, problems) {
  if (isIntrinsic(value)) return value.Ref !== undefined && value.Ref in parameters ? sample(value.Ref) : value;
  if (kind.list) {
    if (!Array.isArray(value)) return value;
    return value.map((v, i) => toProps(v, kind.list, `${where}[${i}]`, problems));
  }
  if (kind.struct) {
    if (!value || typeof value !== 'object' || Array.isArray(value)) {
      problems.push(`${where}: expected an object with ${Object.keys(renderers[kind.struct]).join(', ')}, got ${JSON.stringify(value)}`);
      return value;
    }
    const spec = renderers[kind.struct];
    const out = {};
    for (const [k, v] of Object.entries(value)) {
      if (!spec[k]) {
        problems.push(`${where}: unknown property ${k} (the published spec has ${Object.keys(spec).join(', ')})`);
        continue;
      }
      out[spec[k].camel] = toProps(v, kindOf(spec[k].mapper), `${where}.${k}`, problems);
    }
    return out;
  }
  return value;
}

// --- the template's own structure -----------------------------------------------------------------
const template = yaml.load(fs.readFileSync(process.argv[2], 'utf8'));
const parameters = template.Parameters || {};
const conditions = template.Conditions || {};
const resources = template.Resources || {};
const outputs = template.Outputs || {};
const rules = template.Rules || {};
const problems = [];

function refsIn(node, out) {
  if (Array.isArray(node)) node.forEach((n) => refsIn(n, out));
  else if (node && typeof node === 'object') {
    for (const [k, v] of Object.entries(node)) {
      if (k === 'Ref' && typeof v === 'string') out.add(v);
      refsIn(v, out);
    }
  }
  return out;
}

function evaluate(node, params, where) {
  if (node === null || typeof node !== 'object') return node;
  if (Array.isArray(node)) return node.map((n) => evaluate(n, params, where));
  const [k] = Object.keys(node);
  const v = node[k];
  if (k === 'Ref') {
    if (!(v in params)) throw new Error(`${where}: condition or rule reads ${v}, which is no parameter`);
    return params[v];
  }
  if (k === 'Condition') return condition(v, params, where);
  if (k === 'Fn::Equals') {
    const [a, b] = evaluate(v, params, where);
    return String(a) === String(b);
  }
  if (k === 'Fn::Not') return !evaluate(Array.isArray(v) ? v[0] : v, params, where);
  if (k === 'Fn::And') return evaluate(v, params, where).every(Boolean);
  if (k === 'Fn::Or') return evaluate(v, params, where).some(Boolean);
  throw new Error(`${where}: ${k} is not evaluated here`);
}

function condition(name, params, where) {
  if (!(name in conditions)) throw new Error(`${where}: unknown condition ${name}`);
  return evaluate(conditions[name], params, `Conditions.${name}`);
}

const NO_VALUE = Symbol('NoValue');
function resolveIfs(node, params, where) {
  if (Array.isArray(node)) {
    return node.map((n, i) => resolveIfs(n, params, `${where}[${i}]`)).filter((n) => n !== NO_VALUE);
  }
  if (!node || typeof node !== 'object') return node;
  if (node.Ref === 'ALIYUN::NoValue') return NO_VALUE;
  if ('Fn::If' in node) {
    const [c, yes, no] = node['Fn::If'];
    return resolveIfs(condition(c, params, where) ? yes : no, params, where);
  }
  const out = {};
  for (const [k, v] of Object.entries(node)) {
    const r = resolveIfs(v, params, `${where}.${k}`);
    if (r !== NO_VALUE) out[k] = r;
  }
  return out;
}

function checkReferences(node, where, present, found) {
  if (Array.isArray(node)) return node.forEach((n, i) => checkReferences(n, `${where}[${i}]`, present, found));
  if (!node || typeof node !== 'object') return;
  for (const [k, v] of Object.entries(node)) {
    if (k === 'Ref' && typeof v === 'string' && !(v in parameters) && !present[v] && !PSEUDO.includes(v)) {
      found.push(`${where}: Ref ${v} names no parameter, pseudo parameter or resource present`);
    }
    if (k === 'Fn::GetAtt') {
      const [res, attr] = v;
      if (!present[res]) found.push(`${where}: Fn::GetAtt of ${res}, which is not present`);
      else {
        const t = types[resources[res].Type];
        if (t && !t.attributes.includes(attr)) {
          found.push(`${where}: ${resources[res].Type} has no attribute ${attr} (it has ${t.attributes.join(', ')})`);
        }
      }
    }
    if (k === 'Fn::Sub') {
      const text = Array.isArray(v) ? v[0] : v;
      const sub = /\$\{([^}!]+)\}/g;
      let m;
      while ((m = sub.exec(text))) {
        const name = m[1];
        const base = name.split('.')[0];
        if (!(name in parameters) && !PSEUDO.includes(name) && !present[base]) {
          found.push(`${where}: Fn::Sub refers to \${${name}}, which is not present`);
        }
      }
    }
    if (k === 'Condition' && typeof v === 'string' && !(v in conditions)) {
      found.push(`${where}: unknown condition ${v}`);
    }
    checkReferences(v, `${where}.${k}`, present, found);
  }
}

// Parameter values worth trying: those the Conditions and Rules read, each over its possible values.
const read = [...refsIn(conditions, new Set()), ...refsIn(rules, new Set())].filter((p) => p in parameters);
const choices = {};
for (const p of new Set(read)) {
  const def = parameters[p];
  if (def.Type === 'Boolean') choices[p] = [true, false];
  else if (def.AllowedValues) choices[p] = def.AllowedValues;
  else choices[p] = [def.Default === undefined ? 'value' : def.Default, def.Default === '' ? 'value' : ''];
}
let combos = [{}];
for (const [p, values] of Object.entries(choices)) {
  combos = combos.flatMap((c) => values.map((v) => Object.assign({}, c, { [p]: v })));
}

const results = [];
for (const params of combos) {
  const label = JSON.stringify(params);
  let refusedBy = null;
  try {
    for (const [name, rule] of Object.entries(rules)) {
      if (rule.RuleCondition !== undefined && !evaluate(rule.RuleCondition, params, `Rules.${name}`)) continue;
      for (const a of rule.Assertions || []) {
        if (!evaluate(a.Assert, params, `Rules.${name}`)) {
          refusedBy = { rule: name, description: a.AssertDescription || '' };
        }
      }
    }
  } catch (e) {
    problems.push(e.message);
  }
  results.push({ parameters: params, refusedBy });
  if (refusedBy) continue;
  const found = [];
  try {
    const present = {};
    for (const [id, r] of Object.entries(resources)) {
      present[id] = r.Condition === undefined || condition(r.Condition, params, `Resources.${id}`);
    }
    const app = new ros.App();
    const stack = new ros.Stack(app, 'Check');
    for (const [id, r] of Object.entries(resources)) {
      if (!present[id]) continue;
      const t = types[r.Type];
      if (!t) {
        found.push(`Resources.${id}: type ${r.Type} is not in ${PACKAGES.join(', ')}`);
        continue;
      }
      const props = resolveIfs(r.Properties || {}, params, `Resources.${id}.Properties`);
      checkReferences(props, `Resources.${id}.Properties`, present, found);
      for (const d of [].concat(r.DependsOn || [])) {
        if (!present[d]) found.push(`Resources.${id}: DependsOn ${d}, which is not present`);
      }
      const camel = toProps(props, { struct: t.renderer }, `Resources.${id}.Properties`, found);
      try {
        const res = new t.cls(stack, id, camel, true);
        res.renderProperties(camel);
      } catch (e) {
        found.push(`Resources.${id} (${r.Type}): ${String(e.message).replace(/\s+/g, ' ')}`);
      }
    }
    for (const [id, o] of Object.entries(outputs)) {
      if (o.Condition !== undefined && !condition(o.Condition, params, `Outputs.${id}`)) continue;
      checkReferences(resolveIfs(o, params, `Outputs.${id}`), `Outputs.${id}`, present, found);
    }
  } catch (e) {
    found.push(e.message);
  }
  for (const f of found) problems.push(`with ${label}: ${f}`);
}

const attributes = {};
for (const [t, v] of Object.entries(types)) attributes[t] = v.attributes;
process.stdout.write(JSON.stringify({ problems: [...new Set(problems)], combinations: results, attributes }) + '\n');
