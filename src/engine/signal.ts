// Typed lifecycle signals (SimGrid's `on_*` idea): models announce what happened; billing,
// metrics and the decision log subscribe. Emitters never know who listens.

export type Listener<T> = (payload: T) => void;

export class Signal<T> {
  private listeners: Listener<T>[] = [];

  connect(listener: Listener<T>): () => void {
    this.listeners.push(listener);
    return () => {
      this.listeners = this.listeners.filter((l) => l !== listener);
    };
  }

  emit(payload: T): void {
    const listeners = this.listeners;
    for (let i = 0; i < listeners.length; i++) listeners[i](payload);
  }
}
