/** `颜色:红色;尺码:110` as shoppers read it: `颜色：红色，尺码：110`. */
export const skuLabel = (properties: string) =>
  properties.split(';').filter(Boolean).map((p) => p.replace(':', '：')).join('，');
