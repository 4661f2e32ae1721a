/**
 * Writes a small valid data folder into a fresh temp dir; a test overrides
 * one file (text or bytes) or removes it (null). Every reference resolves
 * and every cell is valid, so a test's errors are the ones it caused.
 */
import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const VALID_FILES: Readonly<Record<string, string>> = {
  'manifest.yaml': 'town: 河包镇\nplan: hebao-2020\nas_of: 2020-12-31\n',
  'town.yaml': 'name: 河包镇\nleadership_group:\n  leader: 王明\n  first_deputy: 李华\n  deputies: [张三, 赵四]\n',
  'villages.csv': '村编号,村（社区）名称,类型,是否贫困村,产销对接企业\nV1,核桃村,村,是,E1\nV2,河包社区,社区,否,\n',
  'households.csv':
    '户编号,村编号,户主姓名,证件号码,家庭人口数,贫困户状态,劳动力人数,产业覆盖,合作社编号\n' +
    'H1,V1,张三,11010519491231002X,3,未脱贫,2,是,C1\n' +
    'H2,V2,李四,,1,非贫困户,0,否,\n',
  'industries.csv': '村编号,产业,规模,单位\nV1,红薯,120,亩\nV2,肉兔,500,只\n',
  'projects.csv': '项目编号,项目名称,村编号,年度,项目类别,资金来源,项目状态,完工日期\nP1,红薯基地,V1,2020,产业扶贫,财政扶贫资金,已完工,2020-06-30\n',
  'enterprises.csv': '企业编号,企业名称,村编号,龙头企业级别,职工人数,吸纳贫困人口就业数\nE1,河包粉条厂,V2,区级,20,5\n',
  'cooperatives.csv': '合作社编号,合作社名称,村编号,成员数,建卡贫困户成员数\nC1,红薯合作社,V1,10,3\n',
  'instructors.csv': '指导员编号,姓名,类别,联系村\nI1,周七,产业发展指导员,V1;V2\n',
  'visits.csv': '日期,指导员编号,村编号,户编号,内容\n2020-05-01,I1,V1,H1,技术指导\n',
};

/** A temp folder with VALID_FILES, where `overrides` replaces (text or bytes) or removes (null) files. */
export function makeDataFolder(overrides: Record<string, string | Buffer | null> = {}): string {
  const dir = mkdtempSync(join(tmpdir(), 'hebao-data-'));
  const files: Record<string, string | Buffer | null> = { ...VALID_FILES, ...overrides };
  for (const [name, content] of Object.entries(files)) {
    if (content === null) continue;
    const path = join(dir, name);
    mkdirSync(join(path, '..'), { recursive: true });
    writeFileSync(path, content);
  }
  return dir;
}
