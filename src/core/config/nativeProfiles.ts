import type { Reader } from './Reader';
import { didYouMean } from './suggest';
import { setOwn } from './toPlain';

/**
 * The native `profiles:` map (name -> list of services, `"*"` = all) and `defaultProfile`, checked
 * against the services that exist and the compose profile tags they carry.
 */
export function nativeProfiles(
  top: Reader,
  serviceNames: string[],
  composeTags: string[],
): { profiles: Record<string, string[]>; defaultProfile?: string } {
  const profiles: Record<string, string[]> = {};
  const p = top.child('profiles');
  if (
    p.value !== undefined &&
    p.value !== null &&
    p.expectMap('a map of profile name -> list of services, e.g. `{ minimal: [postgres, redis], full: ["*"] }`')
  ) {
    for (const [name, list] of p.entries()) {
      const items = list.list() ?? [];
      const members: string[] = [];
      setOwn(profiles, name, members);
      for (const item of items) {
        const s = item.str();
        if (s === undefined) continue;
        if (s !== '*' && !serviceNames.includes(s)) {
          item.error('unknown-service', `Profile \`${name}\` lists \`${s}\`, which is not a service.${didYouMean(s, serviceNames)}`);
          continue;
        }
        members.push(s);
      }
    }
  }
  const d = top.child('defaultProfile');
  const defaultProfile = d.str();
  if (
    defaultProfile !== undefined &&
    !Object.prototype.hasOwnProperty.call(profiles, defaultProfile) &&
    !composeTags.includes(defaultProfile)
  ) {
    const known = [...Object.keys(profiles), ...composeTags];
    d.error(
      'unknown-profile',
      `\`defaultProfile\` is \`${defaultProfile}\`, which is not a profile.${didYouMean(defaultProfile, known)}${known.length === 0 ? ' Define it under `profiles:` first.' : ''}`,
    );
    return { profiles };
  }
  return defaultProfile === undefined ? { profiles } : { profiles, defaultProfile };
}
