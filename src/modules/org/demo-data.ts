/**
 * The demo province: Shanxi (山西省, 140000), with its 11 real cities. Population and GDP are rounded figures in the
 * range of the published yearbooks, for the normalised indicators (万人信访量, 亿元GDP信访量) to have something to
 * divide by — they are marked 'demo' in the database and must not be quoted as statistics.
 */
export const DEMO_PROVINCE = { code: '140000', name: '山西省', short: 'sx' } as const;

/**
 * 发文机关代字 of the petition bureaus, for document numbers (晋信转〔2026〕3号). Real ones are assigned locally;
 * these follow the usual pattern (province 晋, Taiyuan 并) and other bodies fall back to a short form of their name.
 */
export const BUREAU_ABBREVIATIONS: Record<string, string> = { 'sx-xfj': '晋信', 'ty-xfj': '并信' };

/**
 * The demo cities' one-character names as their bodies' 机关代字 begin (太原 → 并: 并政, 并建), demo data in the style
 * of Shanxi's. Every other demo body's 代字 is derived from its name with these (src/domain/documents/number.ts).
 */
export const DEMO_CITY_ABBREVIATIONS: Record<string, string> = {
  太原: '并',
  大同: '同',
  阳泉: '阳',
  长治: '长',
  晋城: '泽',
  朔州: '朔',
  晋中: '榆',
  运城: '运',
  忻州: '忻',
  临汾: '临',
  吕梁: '吕',
};

export interface DemoCity {
  code: string;
  name: string;
  short: string;
  population: number;
  gdpHundredMillionYuan: number;
  /** Two counties per city get a full set of bodies; every county gets a region row. */
  demoCounties: string[];
}

export const DEMO_CITIES: DemoCity[] = [
  { code: '140100', name: '太原市', short: 'ty', population: 5_450_000, gdpHundredMillionYuan: 5570, demoCounties: ['140105', '140106'] },
  { code: '140200', name: '大同市', short: 'dt', population: 3_100_000, gdpHundredMillionYuan: 1840, demoCounties: ['140213', '140214'] },
  { code: '140300', name: '阳泉市', short: 'yq', population: 1_300_000, gdpHundredMillionYuan: 910, demoCounties: ['140302', '140303'] },
  { code: '140400', name: '长治市', short: 'cz', population: 3_160_000, gdpHundredMillionYuan: 2760, demoCounties: ['140403', '140404'] },
  { code: '140500', name: '晋城市', short: 'jc', population: 2_190_000, gdpHundredMillionYuan: 2170, demoCounties: ['140502', '140521'] },
  { code: '140600', name: '朔州市', short: 'sz', population: 1_590_000, gdpHundredMillionYuan: 1360, demoCounties: ['140602', '140603'] },
  { code: '140700', name: '晋中市', short: 'jz', population: 3_370_000, gdpHundredMillionYuan: 2100, demoCounties: ['140702', '140728'] },
  { code: '140800', name: '运城市', short: 'yc', population: 4_740_000, gdpHundredMillionYuan: 2220, demoCounties: ['140802', '140821'] },
  { code: '140900', name: '忻州市', short: 'xz', population: 2_680_000, gdpHundredMillionYuan: 1340, demoCounties: ['140902', '140921'] },
  { code: '141000', name: '临汾市', short: 'lf', population: 3_930_000, gdpHundredMillionYuan: 2060, demoCounties: ['141002', '141021'] },
  { code: '141100', name: '吕梁市', short: 'll', population: 3_380_000, gdpHundredMillionYuan: 2100, demoCounties: ['141102', '141121'] },
];

/**
 * Shanxi's three supervision offices split the 11 cities between them (seed 000). The real split is not published;
 * this one is a demo configuration, editable per deployment.
 */
export const SUPERVISION_PARTITION: { name: string; short: string; cities: string[] }[] = [
  { name: '督查督办一处', short: 'dc1', cities: ['140100', '140300', '140700', '141100'] },
  { name: '督查督办二处', short: 'dc2', cities: ['140200', '140600', '140900', '140400'] },
  { name: '督查督办三处', short: 'dc3', cities: ['140500', '140800', '141000'] },
];

/** Functional departments by content category (the first level of the classification tree, RULES.md). */
export const DEPARTMENTS: { suffix: string; province: string; city: string; county: string; competence: string[] }[] = [
  { suffix: 'zjj', province: '住房和城乡建设厅', city: '住房和城乡建设局', county: '住房和城乡建设局', competence: ['城乡建设'] },
  { suffix: 'rsj', province: '人力资源和社会保障厅', city: '人力资源和社会保障局', county: '人力资源和社会保障局', competence: ['劳动社保'] },
  { suffix: 'zrzy', province: '自然资源厅', city: '自然资源局', county: '自然资源局', competence: ['国土资源'] },
  { suffix: 'sthj', province: '生态环境厅', city: '生态环境局', county: '生态环境分局', competence: ['生态环境'] },
];

/** Every demo login shares this password; the README lists it and start-up prints it once. */
export const DEMO_PASSWORD = 'Xinfang@2026';

export interface DemoUser {
  login: string;
  displayName: string;
  bodyCode: string;
  roles: string[];
  /** 职务 in the body: which slot of the sign-off chain (承办人 → 分管领导 → 主要负责人) the user signs. */
  position?: 'handler' | 'deputyHead' | 'principalHead';
  /** For e-mail notifications. Demo addresses: they only reach the development log unless XINFANG_SMTP_URL is set. */
  email?: string;
}

export const DEMO_USERS: DemoUser[] = [
  { login: 'admin', displayName: '系统管理员', bodyCode: 'sx-xfj', roles: ['admin'] },
  { login: 'sx.leader', displayName: '王局长', bodyCode: 'sx-xfj', roles: ['leader'] },
  { login: 'sx.registrar', displayName: '李登记', bodyCode: 'sx-xfj-djjd', roles: ['registrar'] },
  { login: 'sx.acceptance', displayName: '赵受理', bodyCode: 'sx-xfj-sl', roles: ['acceptanceOfficer'] },
  // Handles what the bureau keeps within its own remit (本级办理).
  { login: 'sx.handler', displayName: '刘办理', bodyCode: 'sx-xfj', roles: ['handler'], position: 'handler', email: 'sx.handler@example.gov.cn' },
  { login: 'sx.supervisor1', displayName: '孙督查', bodyCode: 'sx-xfj-dc1', roles: ['supervisor'] },
  { login: 'sx.supervisor2', displayName: '周督查', bodyCode: 'sx-xfj-dc2', roles: ['supervisor'] },
  { login: 'sx.auditor', displayName: '吴评查', bodyCode: 'sx-xfj', roles: ['auditor'] },
  { login: 'ty.registrar', displayName: '郑登记', bodyCode: 'ty-xfj', roles: ['registrar', 'acceptanceOfficer'] },
  { login: 'ty.zjj.handler', displayName: '钱承办', bodyCode: 'ty-zjj', roles: ['handler'], position: 'handler', email: 'ty.zjj.handler@example.gov.cn' },
  { login: 'ty.zjj.leader', displayName: '冯局长', bodyCode: 'ty-zjj', roles: ['bodyLeader'], position: 'deputyHead', email: 'ty.zjj.leader@example.gov.cn' },
  // The sign-off chain (seed 003): 承办人 → 分管领导 (the .leader logins) → 主要负责人 (the .principal logins).
  { login: 'ty.zjj.principal', displayName: '秦局长', bodyCode: 'ty-zjj', roles: ['bodyLeader'], position: 'principalHead' },
  { login: 'ty.gov.handler', displayName: '陈承办', bodyCode: 'ty-gov', roles: ['handler', 'bodyLeader'], position: 'handler' },
  // The appeal bodies sign their 复查 / 复核 opinions through the same chain.
  { login: 'ty.gov.leader', displayName: '蒋秘书长', bodyCode: 'ty-gov', roles: ['bodyLeader'], position: 'deputyHead' },
  { login: 'ty.gov.principal', displayName: '沈市长', bodyCode: 'ty-gov', roles: ['bodyLeader'], position: 'principalHead' },
  // A county petition bureau: the citizen portal registers a petition with the bureau of the county chosen.
  { login: 'xd.xfj', displayName: '韩受理', bodyCode: '140105-xfj', roles: ['registrar', 'acceptanceOfficer'] },
  { login: 'xd.zjj.handler', displayName: '褚承办', bodyCode: '140105-zjj', roles: ['handler'], position: 'handler' },
  // The county government: one level above the county's departments, so it reviews their opinions (Art. 35).
  { login: 'xd.gov.handler', displayName: '柏承办', bodyCode: '140105-gov', roles: ['handler', 'bodyLeader'], position: 'handler' },
  { login: 'xd.gov.leader', displayName: '水副区长', bodyCode: '140105-gov', roles: ['bodyLeader'], position: 'deputyHead' },
  { login: 'xd.gov.principal', displayName: '窦区长', bodyCode: '140105-gov', roles: ['bodyLeader'], position: 'principalHead' },
  { login: 'xd.zjj.leader', displayName: '卫局长', bodyCode: '140105-zjj', roles: ['bodyLeader'], position: 'deputyHead' },
  { login: 'xd.zjj.principal', displayName: '尤局长', bodyCode: '140105-zjj', roles: ['bodyLeader'], position: 'principalHead' },
  { login: 'yz.zjj.handler', displayName: '蒋承办', bodyCode: '140106-zjj', roles: ['handler'], position: 'handler' },
  { login: 'yz.zjj.leader', displayName: '许局长', bodyCode: '140106-zjj', roles: ['bodyLeader'], position: 'deputyHead' },
  { login: 'yz.zjj.principal', displayName: '何局长', bodyCode: '140106-zjj', roles: ['bodyLeader'], position: 'principalHead' },
];
