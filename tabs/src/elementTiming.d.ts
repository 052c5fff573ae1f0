import 'react';

declare module 'react' {
  interface HTMLAttributes<T> {
    /** Element Timing: the browser reports when this element's text or image is first painted. */
    elementtiming?: string;
  }
}
