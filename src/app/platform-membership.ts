import type { Platform } from '../core/ports/identity.ts';
import type { MembershipPort } from '../core/ports/membership.ts';

/**
 * A MembershipPort that asks the person's own platform (a Slack user about Slack user
 * groups, a Teams user about Entra groups). Surfaces register their port after the
 * workflow exists, since they are built on it; a platform with none answers "no".
 */
export class PlatformMembership implements MembershipPort {
  private readonly ports = new Map<Platform, MembershipPort>();

  register(platform: Platform, port: MembershipPort): void {
    this.ports.set(platform, port);
  }

  isMember: MembershipPort['isMember'] = (person, group) => {
    const port = this.ports.get(person.platform);
    return port ? port.isMember(person, group) : Promise.resolve(false);
  };
}
