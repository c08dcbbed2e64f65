import classes from './SkipLink.module.css';

export const MAIN_CONTENT_ID = 'main-content';

/**
 * "Skip to content": the first stop of the keyboard on every page, past the header and the navigation. It moves the
 * focus itself (the router would take a bare #hash as a navigation).
 */
export function SkipLink() {
  return (
    <a
      href={`#${MAIN_CONTENT_ID}`}
      className={classes.link}
      onClick={(e) => {
        e.preventDefault();
        const main = document.getElementById(MAIN_CONTENT_ID);
        main?.focus();
        main?.scrollIntoView?.();
      }}
    >
      Skip to content
    </a>
  );
}
