// What the runtime driver tests hand a driver: a container config with every field
// at its empty value, so each test states only what it is about.
import type { ContainerConfig } from '../../agent/runtime/types.ts';

export function containerConfig(image: string, overrides: Partial<ContainerConfig> = {}): ContainerConfig {
  return {
    name: 'main',
    attempt: 0,
    image,
    command: [],
    args: [],
    env: [],
    mounts: [],
    ports: [],
    tty: false,
    stdin: false,
    stdinOnce: false,
    resources: {},
    securityContext: {},
    labels: {},
    annotations: {},
    ...overrides,
  };
}
