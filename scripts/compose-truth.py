#!/usr/bin/python3
"""Ground truth for the compose corpus (test/fixtures/compose-corpus) from docker-compose v1.

docker-compose 1.29.2 (Debian's package; `config` needs no Docker engine) reads each compose file
in a scratch folder with a clean environment, and what it made of the file is written as
truth/NN.json (services, profiles, depends_on conditions, healthchecks, ports, images, environment,
network mode, resources, build), truth/NN.config.yml and truth/NN.stderr.txt, in the format
test/unit/config/composeCorpus.test.ts reads. Files v1 refuses go to rejected/ with its error.

  add    take a compose file from a git checkout (git show, byte for byte), decide accepted or
         rejected, write it, its `.env` and the env_files it names into the corpus, and the truth:
           compose-truth.py add --corpus DIR --id 42 --git REPO_GIT_DIR --repo owner/name --path P
                                [--env PATH_IN_REPO] [--synthetic-env NAME]
  regen  write the truth again for files already in the corpus (ids, or all):
           compose-truth.py regen --corpus DIR [ID ...]

Must run with Debian's /usr/bin/python3, which has docker-compose's own `compose` package: the
services a plain `up` starts are computed by its Project.get_services, as `up` does.
"""
import argparse
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile

import yaml

REFERENCE = 'docker-compose 1.29.2 (Debian bookworm package)'
HOME = '/tmp/compose-truth-home'
ENV = {'HOME': HOME, 'PATH': '/usr/bin:/bin'}


def slug(repo, path):
    stem = re.sub(r'\.(ya?ml)$', '', path)
    stem = re.sub(r'(^|/)(docker-)?compose([._-]|$)', r'\1', stem)
    s = re.sub(r'[^a-z0-9]+', '-', f'{repo.replace("/", "-")}-{stem}'.lower()).strip('-')
    return s[:70].rstrip('-')


def run(args, cwd):
    p = subprocess.run(args, cwd=cwd, env=ENV, capture_output=True, text=True, timeout=120)
    return p.returncode, p.stdout, p.stderr


def scratch_run(cwd, yml, created, extra_files):
    """Runs `config` until it stops asking for missing env_files / build folders (created empty)."""
    for _ in range(60):
        rc, out, err = run(['docker-compose', '-f', yml, 'config'], cwd)
        if rc == 0:
            return rc, out, err
        m = re.search(r"Couldn't find env file: (\S+)", err)
        b = re.search(r'build path (\S+) either does not exist', err)
        if m:
            rel = os.path.relpath(m.group(1), cwd)
            if rel in extra_files:
                return rc, out, err
            os.makedirs(os.path.dirname(m.group(1)), exist_ok=True)
            open(m.group(1), 'w').close()
            created.append({'kind': 'empty env_file', 'path': rel})
        elif b:
            os.makedirs(b.group(1), exist_ok=True)
            created.append({'kind': 'empty build context dir', 'path': os.path.relpath(b.group(1), cwd)})
        else:
            return rc, out, err
    return rc, out, err


DUR = re.compile(r'(\d+(?:\.\d+)?)(h|ms|m|s|us|ns)')
UNIT = {'h': 3600e9, 'm': 60e9, 's': 1e9, 'ms': 1e6, 'us': 1e3, 'ns': 1}


def ns(text):
    if text is None:
        return None
    if isinstance(text, (int, float)):
        return int(text)
    return int(round(sum(float(v) * UNIT[u] for v, u in DUR.findall(str(text)))))


def ports_of(spec):
    from compose.config.types import ServicePort

    out = []
    for p in spec or []:
        for sp in ServicePort.parse(p):
            out.append({
                'target': int(sp.target) if str(sp.target).isdigit() else sp.target,
                'published': int(sp.published) if sp.published is not None and str(sp.published).isdigit() else sp.published,
                'protocol': sp.protocol or 'tcp',
                'host_ip': sp.external_ip,
                'mode': sp.mode,
            })
    return out


def default_up(cwd, yml):
    """The services a plain `up` starts, by docker-compose's own code (no engine is contacted)."""
    os.environ.clear()
    os.environ.update(ENV)
    from compose.cli.command import get_profiles_from_options, get_project
    from compose.config.environment import Environment

    try:
        # COMPOSE_PROFILES from the environment or the `.env`, as the CLI reads it
        profiles = get_profiles_from_options({}, Environment.from_env_file(cwd))
        project = get_project(cwd, [yml], enabled_profiles=profiles)
        return {'services': [s.name for s in project.get_services(None, include_deps=True)], 'error': None}
    except Exception as e:  # a profile-disabled dependency: v1's own error
        return {'services': [], 'error': str(e)}


def unescape(v):
    if isinstance(v, str):
        return v.replace('$$', '$')
    if isinstance(v, list):
        return [unescape(x) for x in v]
    if isinstance(v, dict):
        return {k: unescape(x) for k, x in v.items()}
    return v


def features(text, data):
    svcs = (data or {}).get('services') or {}
    f = {
        'anchors': len(re.findall(r'&[\w.-]+', text)),
        'aliases': len(re.findall(r'(?<![\w&])\*[\w.-]+', text)),
        'merge_keys': len(re.findall(r'<<\s*:', text)),
        'top_level_x_fields': [k for k in (data or {}) if str(k).startswith('x-')],
        'top_level_name': 'name' in (data or {}),
        'version': (data or {}).get('version'),
        'interp_default_colon': len(re.findall(r'\$\{[^}]*:-', text)),
        'interp_default_plain': len(re.findall(r'\$\{\w+-', text)),
        'interp_required_colon': len(re.findall(r'\$\{[^}]*:\?', text)),
        'interp_required_plain': len(re.findall(r'\$\{\w+\?', text)),
        'escaped_dollar': text.count('$$'),
        'profiles': sorted({p for s in svcs.values() if isinstance(s, dict) for p in s.get('profiles') or []}),
        'extends': sum(1 for s in svcs.values() if isinstance(s, dict) and 'extends' in s),
        'env_file': sum(1 for s in svcs.values() if isinstance(s, dict) and 'env_file' in s),
        'secrets': 'secrets' in (data or {}),
        'configs': 'configs' in (data or {}),
        'services': len(svcs),
    }
    return f


def truth_of(corpus, row, group, yml_name, env_name, extra_files):
    """Runs v1 on one corpus file in a scratch folder; returns (accepted, files to write)."""
    src = os.path.join(corpus, group, yml_name)
    with tempfile.TemporaryDirectory(prefix='compose-truth-') as cwd:
        cwd = os.path.realpath(cwd)
        shutil.copy(src, os.path.join(cwd, yml_name))
        if env_name:
            shutil.copy(os.path.join(corpus, env_name), os.path.join(cwd, '.env'))
        for rel, body in extra_files.items():
            os.makedirs(os.path.dirname(os.path.join(cwd, rel)) or cwd, exist_ok=True)
            with open(os.path.join(cwd, rel), 'w') as fh:
                fh.write(body)
        created = []
        rc, out, err = scratch_run(cwd, yml_name, created, extra_files)
        command = f'env -i HOME=~ PATH=/usr/bin:/bin docker-compose -f {yml_name} config'
        clean = lambda s: s.replace(cwd, '.').replace(HOME, '~')
        if rc != 0:
            return False, {'error': f'command: {command}\ncwd: .\nexit status: {rc}\n--- stderr ---\n{clean(err)}'}
        config_text = clean(out)
        _, services_out, _ = run(['docker-compose', '-f', yml_name, 'config', '--services'], cwd)
        _, profiles_out, _ = run(['docker-compose', '-f', yml_name, 'config', '--profiles'], cwd)
        up = default_up(cwd, yml_name)
    # v1 prints every `$` of a value as `$$`: the truth holds the values themselves.
    cfg = unescape(yaml.safe_load(config_text))
    with open(src) as fh:
        raw_text = fh.read()
    try:
        raw = yaml.safe_load(raw_text)
    except Exception:
        raw = None
    svcs = cfg.get('services') or {}
    order = services_out.split()
    t = {
        'id': row['id'],
        'file': f'{group}/{yml_name}',
        'source': {'repo': row['repo'], 'path': row['path'], 'commit': row['commit'], 'obtained': 'git'},
        'envFile': env_name,
        'reference': REFERENCE,
        'projectDir': '.',
        'home': '~',
        'createdForConfig': [{'kind': 'env_file from the repository', 'path': p} for p in extra_files] + created,
        'configVersion': cfg.get('version'),
        'services': order,
        'defaultServices': [s for s in order if not svcs[s].get('profiles')],
        'profiles': {},
        'dependsOn': {},
        'healthchecks': {},
        'ports': {},
        'images': {},
        'environment': {},
        'networkMode': {},
        'deployResources': {},
        'build': {},
        'networks': {},
    }
    for name in order:
        s = svcs[name]
        for p in s.get('profiles') or []:
            t['profiles'].setdefault(p, []).append(name)
        t['dependsOn'][name] = {d: (c or {}).get('condition', 'service_started') for d, c in (s.get('depends_on') or {}).items()} \
            if isinstance(s.get('depends_on'), dict) else {d: 'service_started' for d in s.get('depends_on') or []}
        hc = s.get('healthcheck')
        if hc is not None:
            h = {'test': hc.get('test'), 'interval': hc.get('interval'), 'timeout': hc.get('timeout'),
                 'retries': hc.get('retries'), 'start_period': hc.get('start_period')}
            if 'disable' in hc:
                h['disable'] = hc['disable']
            for k in ('interval', 'timeout', 'start_period'):
                h[f'{k}_ns'] = ns(h[k])
            t['healthchecks'][name] = h
        if s.get('ports'):
            t['ports'][name] = ports_of(s['ports'])
        t['images'][name] = s.get('image')
        env = s.get('environment') or {}
        t['environment'][name] = dict(sorted(env.items())) if isinstance(env, dict) else env
        if 'network_mode' in s:
            t['networkMode'][name] = s['network_mode']
        res = (s.get('deploy') or {}).get('resources')
        if res:
            t['deployResources'][name] = res
        if isinstance(s.get('build'), dict):
            b = dict(s['build'])
            ctx = b.get('context', '.')
            b['context_relative'] = ctx if ctx.startswith('./') or '://' in ctx or ctx.startswith('/') else f'./{ctx}'
            t['build'][name] = b
        if s.get('networks'):
            t['networks'][name] = list(s['networks'])
    t['features'] = features(raw_text, raw if isinstance(raw, dict) else None)
    t['profilesFromConfigProfiles'] = profiles_out.split()
    t['defaultUp'] = up
    t['warnings'] = [l for l in clean(err).splitlines() if l.strip()]
    return True, {'json': json.dumps(t, indent=2, ensure_ascii=False) + '\n', 'config': config_text, 'stderr': clean(err)}


def read_sources(corpus):
    with open(os.path.join(corpus, 'sources.tsv')) as fh:
        lines = fh.read().splitlines()
    head = lines[0].split('\t')
    return head, [dict(zip(head, l.split('\t'))) for l in lines[1:] if l.strip()]


def write_case(corpus, row, yml_text, env_text, env_source, extra_files):
    """Places a case as accepted first; moves it to rejected/ if v1 refuses it."""
    name = f"{row['id']}-{row['slug']}"
    for group in ('files', 'rejected'):
        for n in os.listdir(os.path.join(corpus, group)):
            if n.startswith(f"{row['id']}-"):
                p = os.path.join(corpus, group, n)
                shutil.rmtree(p) if os.path.isdir(p) else os.remove(p)
    env_name = None
    for group in ('files', 'rejected'):
        with open(os.path.join(corpus, group, f'{name}.yml'), 'w') as fh:
            fh.write(yml_text)
        if env_text is not None:
            with open(os.path.join(corpus, group, f'{name}.env'), 'w') as fh:
                fh.write(env_text)
        for rel, body in extra_files.items():
            p = os.path.join(corpus, group, f'{name}.files', rel)
            os.makedirs(os.path.dirname(p), exist_ok=True)
            with open(p, 'w') as fh:
                fh.write(body)
    ok, out = truth_of(corpus, row, 'files', f'{name}.yml', f'files/{name}.env' if env_text is not None else None, extra_files)
    drop = 'rejected' if ok else 'files'
    keep = 'files' if ok else 'rejected'
    for n in os.listdir(os.path.join(corpus, drop)):
        if n.startswith(f'{name}.'):
            p = os.path.join(corpus, drop, n)
            shutil.rmtree(p) if os.path.isdir(p) else os.remove(p)
    if ok:
        for k, ext in (('json', 'json'), ('config', 'config.yml'), ('stderr', 'stderr.txt')):
            with open(os.path.join(corpus, 'truth', f"{row['id']}.{ext}"), 'w') as fh:
                fh.write(out[k])
        if env_text is not None:
            env_name = f'files/{name}.env'
    else:
        with open(os.path.join(corpus, 'rejected', f'{name}.error.txt'), 'w') as fh:
            fh.write(out['error'])
    return keep, env_name


def git_show(git_dir, path):
    """A file's text at HEAD; a symbolic link is followed inside the repository (mailcow's `.env`
    links to a `mailcow.conf` its setup script writes: then there is no file, CalledProcessError)."""
    for _ in range(8):
        mode = subprocess.run(['git', '-C', git_dir, 'ls-tree', 'HEAD', path], capture_output=True, text=True, check=True).stdout.split(' ')[0]
        text = subprocess.run(['git', '-C', git_dir, 'show', f'HEAD:{path}'], capture_output=True, check=True).stdout.decode()
        if mode != '120000':
            return text
        path = os.path.normpath(os.path.join(os.path.dirname(path), text))
    raise subprocess.CalledProcessError(1, 'git show', 'symbolic link loop')


def env_file_refs(yml_text):
    """Relative env_file paths the file names (from its raw YAML; interpolation is not needed here)."""
    try:
        data = yaml.safe_load(yml_text)
    except Exception:
        return []
    refs = []
    for s in ((data or {}).get('services') or {}).values():
        ef = (s or {}).get('env_file') if isinstance(s, dict) else None
        for e in [ef] if isinstance(ef, (str, dict)) else ef or []:
            p = e.get('path') if isinstance(e, dict) else e
            if isinstance(p, str) and '$' not in p and not p.startswith('/'):
                refs.append(os.path.normpath(p))
    return sorted(set(refs))


def cmd_add(a):
    corpus = a.corpus
    yml_text = git_show(a.git, a.path)
    commit = subprocess.run(['git', '-C', a.git, 'rev-parse', 'HEAD'], capture_output=True, text=True, check=True).stdout.strip()
    folder = os.path.dirname(a.path)
    env_text, env_source = None, 'none'
    if a.env:
        try:
            env_text, env_source = git_show(a.git, a.env), f'repo:{a.env}'
        except subprocess.CalledProcessError:
            pass  # a link to a file the repository does not hold
    if a.synthetic_env:
        with open(os.path.join(corpus, 'synthetic-env', f'{a.synthetic_env}.env')) as fh:
            env_text = (env_text or '') + fh.read()
        env_source = f'synthetic:{a.synthetic_env}.env' + (f' + {env_source}' if a.env else '')
    extra = {}
    for rel in env_file_refs(yml_text):
        try:
            extra[rel] = git_show(a.git, os.path.normpath(os.path.join(folder, rel)))
        except subprocess.CalledProcessError:
            pass  # not in the repository: created empty, as the original corpus did
    row = {'id': a.id, 'repo': a.repo, 'path': a.path, 'commit': commit, 'slug': slug(a.repo, a.path)}
    group, _ = write_case(corpus, row, yml_text, env_text, env_source, extra)
    head, rows = read_sources(corpus)
    rows = [r for r in rows if r['id'] != a.id]
    rows.append({'id': a.id, 'status': 'accepted' if group == 'files' else 'rejected',
                 'file': f"{group}/{a.id}-{row['slug']}.yml", 'owner/repo': a.repo, 'path': a.path, 'commit': commit,
                 'obtained_via': 'upstream, byte for byte (git show)', 'env_source': env_source})
    rows.sort(key=lambda r: int(r['id']))
    with open(os.path.join(corpus, 'sources.tsv'), 'w') as fh:
        fh.write('\t'.join(head) + '\n')
        for r in rows:
            fh.write('\t'.join(r.get(h, '') for h in head) + '\n')
    print(f'{a.id} {group} {a.repo}:{a.path}')


def cmd_regen(a):
    _, rows = read_sources(a.corpus)
    for r in rows:
        if a.ids and r['id'] not in a.ids:
            continue
        if r['status'] != 'accepted':
            continue
        name = os.path.basename(r['file'])[:-4]
        env = f'files/{name}.env' if os.path.exists(os.path.join(a.corpus, 'files', f'{name}.env')) else None
        extra = {}
        root = os.path.join(a.corpus, 'files', f'{name}.files')
        for d, _, fs in os.walk(root):
            for f in fs:
                with open(os.path.join(d, f)) as fh:
                    extra[os.path.relpath(os.path.join(d, f), root)] = fh.read()
        row = {'id': r['id'], 'repo': r['owner/repo'], 'path': r['path'], 'commit': r['commit']}
        ok, out = truth_of(a.corpus, row, 'files', f'{name}.yml', env, extra)
        if not ok:
            print(f"{r['id']}: v1 now refuses it:\n{out['error']}", file=sys.stderr)
            continue
        for k, ext in (('json', 'json'), ('config', 'config.yml'), ('stderr', 'stderr.txt')):
            with open(os.path.join(a.corpus, 'truth', f"{r['id']}.{ext}"), 'w') as fh:
                fh.write(out[k])
        print(f"{r['id']} regenerated")


def main():
    p = argparse.ArgumentParser()
    sub = p.add_subparsers(dest='cmd', required=True)
    add = sub.add_parser('add')
    add.add_argument('--corpus', required=True)
    add.add_argument('--id', required=True)
    add.add_argument('--git', required=True)
    add.add_argument('--repo', required=True)
    add.add_argument('--path', required=True)
    add.add_argument('--env')
    add.add_argument('--synthetic-env')
    regen = sub.add_parser('regen')
    regen.add_argument('--corpus', required=True)
    regen.add_argument('ids', nargs='*')
    a = p.parse_args()
    os.makedirs(HOME, exist_ok=True)
    (cmd_add if a.cmd == 'add' else cmd_regen)(a)


if __name__ == '__main__':
    main()
