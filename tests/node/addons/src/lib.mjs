export const area = (w, h) => w * h;
export const unused = () => 'tree-shaken';
