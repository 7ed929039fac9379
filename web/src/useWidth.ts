import { type RefObject } from "preact";
import { useEffect, useRef, useState } from "preact/hooks";

/**
 * The width of the element the returned ref is put on, kept current as the layout changes: the charts draw their
 * SVG at the pixel width they have, so a phone and a desktop both get crisp lines. 0 until measured; `mounted`
 * names when the element exists (a chart drawn only once its data arrives).
 */
export function useWidth(mounted = true): [RefObject<HTMLDivElement | null>, number] {
  const box = useRef<HTMLDivElement>(null);
  const [width, setWidth] = useState(0);
  useEffect(() => {
    const element = box.current;
    if (!element) {
      return;
    }

    const observer = new ResizeObserver(() => setWidth(element.clientWidth));
    observer.observe(element);
    return () => observer.disconnect();
  }, [mounted]);
  return [box, width];
}
