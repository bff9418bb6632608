// Fan-out of a caller's AbortSignal: however many calls share it, the caller's signal gets one
// listener per client, and the many internal waiters listen to a signal of our own instead.
// (Node warns on stderr once an AbortSignal has more than 10 listeners, and Terraform's
// StopProvider signal is naturally shared by every call in flight.)

import { setMaxListeners } from 'node:events';

interface Link {
  controller: AbortController;
  refs: number;
  onAbort: () => void;
}

export interface LinkedSignal {
  /** Aborts when the caller's signal does; undefined when there is none. */
  signal?: AbortSignal;
  /** Ends this call's use of the link; the last user detaches from the caller's signal. */
  release(): void;
}

export class SignalFanout {
  private readonly links = new Map<AbortSignal, Link>();

  link(parent: AbortSignal | undefined): LinkedSignal {
    if (parent === undefined) return { signal: undefined, release: () => undefined };
    if (parent.aborted) return { signal: parent, release: () => undefined };

    let link = this.links.get(parent);
    if (link === undefined) {
      const controller = new AbortController();
      // Every waiting call of this client may listen to it at once: that is by design.
      setMaxListeners(0, controller.signal);
      const onAbort = (): void => {
        this.links.delete(parent);
        controller.abort(parent.reason);
      };
      parent.addEventListener('abort', onAbort, { once: true });
      link = { controller, refs: 0, onAbort };
      this.links.set(parent, link);
    }
    link.refs++;
    const current = link;
    let released = false;
    return {
      signal: current.controller.signal,
      release: () => {
        if (released) return;
        released = true;
        current.refs--;
        if (current.refs === 0 && this.links.get(parent) === current) {
          this.links.delete(parent);
          parent.removeEventListener('abort', current.onAbort);
        }
      },
    };
  }
}
