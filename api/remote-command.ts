// The channel numbers of Kubernetes' remote command WebSocket protocols
// (k8s.io/apimachinery/pkg/util/remotecommand): every message's first byte.
// The agent serves them, the dashboard's terminals speak them.

export const STDIN = 0;
export const STDOUT = 1;
export const STDERR = 2;
/** A Status JSON (v4+) saying how the command ended. */
export const ERROR = 3;
/** A TerminalSize JSON `{"Width":c,"Height":r}`. */
export const RESIZE = 4;
/** v5: `[255, channel]` says the sender will write no more on that channel. */
export const CLOSE = 255;
