import { isWithinRegion, regionLevelOf } from '../org';

/**
 * 督查分区: a bureau's supervision offices split its regions between them (Shanxi's three offices split the 11
 * cities). An office sees the matters of its regions; a region left to no office is seen by none, and a region given
 * to two would have two offices supervising one body: both are what an administrator must be told about.
 */

export interface OfficePartition {
  officeId: string;
  officeName: string;
  regionCodes: readonly string[];
}

export interface PartitionProblem {
  code: string;
  messageZh: string;
  message: string;
}

/**
 * Problems with giving `regionCodes` to one office of a bureau whose region is `bureauRegion`, given the other
 * offices' partitions. `known` tells whether a code is a region of the platform.
 */
export function partitionProblems(
  regionCodes: readonly string[],
  bureauRegion: string,
  others: readonly OfficePartition[],
  known: (code: string) => boolean,
): PartitionProblem[] {
  const problems: PartitionProblem[] = [];
  const seen = new Set<string>();
  for (const code of regionCodes) {
    if (seen.has(code)) continue;
    seen.add(code);
    if (!regionLevelOf(code) || !known(code)) {
      problems.push({ code, messageZh: `行政区划代码 ${code} 不存在`, message: `unknown region code ${code}` });
    } else if (code === bureauRegion || !isWithinRegion(code, bureauRegion)) {
      problems.push({ code, messageZh: `${code} 不是本信访局辖区内的下级行政区划`, message: `${code} is not a region below the bureau's` });
    } else {
      const holder = others.find((o) => o.regionCodes.some((c) => isWithinRegion(code, c) || isWithinRegion(c, code)));
      if (holder) problems.push({ code, messageZh: `${code} 已由${holder.officeName}负责`, message: `${code} overlaps the partition of ${holder.officeName}` });
    }
  }
  return problems;
}

/** The bureau's child regions no office watches. */
export function unassignedRegions(children: readonly string[], offices: readonly OfficePartition[]): string[] {
  return children.filter((code) => !offices.some((o) => o.regionCodes.some((c) => isWithinRegion(code, c))));
}
