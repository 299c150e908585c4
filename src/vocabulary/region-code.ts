/**
 * Where a region's code can be read when the table (catalog/regions.yaml, the one the Azure ML on
 * Arc documents print) does not have it. Only what Azure's own page states: the Arc agents get
 * their regional endpoint, `<code>.his.arc.azure.com`, from gbl.his.arc.azure.com.
 */
export const ARC_NETWORK_REQUIREMENTS = 'https://learn.microsoft.com/azure/azure-arc/kubernetes/network-requirements';

/** One sentence: what the code is and where a person reads it. */
export function regionCodeSource(region?: string): string {
  const which = region !== undefined && region !== '' ? ` of ${region}` : '';
  return (
    `The region code${which} is the first label of the Azure Arc regional endpoint <code>.his.arc.azure.com, ` +
    `which the Arc agents get from gbl.his.arc.azure.com (Azure's Arc network requirements, ${ARC_NETWORK_REQUIREMENTS}): ` +
    'the proxy or firewall log of a machine already connected to Azure Arc in that region shows the name.'
  );
}
