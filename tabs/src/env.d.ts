/** Stylesheets are bundled by esbuild into the tab's CSS file. */
declare module '*.css';
