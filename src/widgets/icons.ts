import { LabIcon } from '@jupyterlab/ui-components';

/**
 * The Suggestions panel's icon: a page with a check mark, apart from the
 * pencil of the notebook toolbar's "Suggest" toggle (the two looked the
 * same, and people took one for the other).
 */
export const suggestionsIcon = new LabIcon({
  name: 'jupyterlab-coauthor:suggestions',
  svgstr:
    '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 24 24" width="16"><path class="jp-icon3" fill="#616161" fill-rule="evenodd" d="M6 2h8l6 6v12a2 2 0 0 1-2 2H6a2 2 0 0 1-2-2V4a2 2 0 0 1 2-2zm7 1.5V9h5.5zM10.6 17.4l6.4-6.4-1.4-1.4-5 5-2.2-2.2L7 13.8z"/></svg>'
});
