/* planner/model/l10n.c - the chart's and report's labels in Chinese
 * (l10n.h). One table: English, then Simplified Chinese. */
#include "planner/model/l10n.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct {
    const char *en, *zh;
} entry;

static entry table[] = {
    /* The chart. */
    {"WBS", "WBS"},
    {"ID", "ID"},
    {"Name", "名称"},
    {"Owner", "负责人"},
    {"Start", "开始"},
    {"Finish", "完成"},
    {"Days", "天数"},
    {"Done", "完成度"},
    {"Jan", "1月"}, {"Feb", "2月"}, {"Mar", "3月"}, {"Apr", "4月"},
    {"May", "5月"}, {"Jun", "6月"}, {"Jul", "7月"}, {"Aug", "8月"},
    {"Sep", "9月"}, {"Oct", "10月"}, {"Nov", "11月"}, {"Dec", "12月"},
    {"%s %d", "%2$d年%1$s"},
    {"Status date %s    Generated %s", "状态日期 %s    生成于 %s"},
    {"Generated %s", "生成于 %s"},
    {"%s \xe2\x80\x93 %s, %g working days%s%s",
     "%s \xe2\x80\x93 %s，%g 个工作日%s%s"},
    {"Page %d of %d \xc2\xb7 rows %d, time %d/%d",
     "第 %d 页，共 %d 页 \xc2\xb7 行 %d，时间 %d/%d"},
    {"Page %d of %d", "第 %d 页，共 %d 页"},
    {"Task", "任务"},
    {"Critical", "关键"},
    {"Summary task", "摘要任务"},
    {"Milestone", "里程碑"},
    {"Deadline", "截止日期"},
    {"Status date", "状态日期"},
    {"Progress", "进度"},
    {"Baseline", "基线"},
    {"Booked load", "已安排负荷"},
    {"Done before the status date", "状态日期前已完成"},
    {"Over capacity", "超出产能"},
    {"100% = capacity after leave", "100% = 扣除休假后的产能"},
    {"On leave", "休假"},
    {"leave", "休假"},
    {"Pool", "资源池"},
    {"peak %.0f%%", "峰值 %.0f%%"},
    {"Resource load by week: booked / capacity after leave",
     "每周资源负荷：已安排 / 扣除休假后的产能"},
    {"today", "今天"},
    {"to ", "至 "},
    {"from ", "来自 "},
    {"  to ", "  至 "},
    {"  from ", "  来自 "},
    {"driving chain of ", "驱动链："},
    {"no milestone slipped against the baseline", "没有里程碑晚于基线"},
    {" +%d more", " 等另外 %d 个"},
    /* The report: sheets. */
    {"Summary", "概览"},
    {"Tasks", "任务"},
    {"Milestones", "里程碑"},
    {"Resources", "资源"},
    {"Changes", "变化"},
    {"Risks", "风险"},
    {"Change requests", "变更请求"},
    {"History", "历史"},
    {"S-curve", "S曲线"},
    /* Page header and footer. */
    {"&Lplanner, run %lld&RPage &P of &N",
     "&Lplanner，第 %lld 次运行&R第 &P 页，共 &N 页"},
    {"&Lplanner&RPage &P of &N", "&Lplanner&R第 &P 页，共 &N 页"},
    /* Summary. */
    {"Status", "状态"},
    {"GREEN", "绿"},
    {"AMBER", "黄"},
    {"RED", "红"},
    {"How the status is set", "状态的判定规则"},
    {"Red: the forecast finish is more than 5 working days after the "
     "baseline finish, a task finishes after its deadline, or SPI or CPI is "
     "below 0.85. Amber: the forecast finish is 1 to 5 working days after "
     "the baseline finish, a milestone is later than in the baseline, a "
     "deadline is met in fewer than half the runs of the simulation over "
     "the estimates, or SPI or CPI is below 0.95. Green: none of these.",
     "红：预测完工晚于基线完工超过 5 个工作日，或有任务晚于截止日期完成，"
     "或 SPI 或 CPI 低于 0.85。黄：预测完工晚于基线完工 1 至 5 个工作日，"
     "或有里程碑晚于基线，或按估算模拟时按截止日期完成的运行不到一半，"
     "或 SPI 或 CPI 低于 0.95。绿：以上都没有。"},
    {"forecast finish %d working day%s after the baseline",
     "预测完工比基线晚 %d 个工作日"},
    {"%d task past its deadline", "%d 项任务超过截止日期"},
    {"%d tasks past their deadline", "%d 项任务超过截止日期"},
    {"%d milestone%s later than the baseline", "%d 个里程碑晚于基线"},
    {"%d deadline met in under half the simulated runs",
     "%d 个截止日期在模拟中按期完成的运行不到一半"},
    {"%d deadlines met in under half the simulated runs",
     "%d 个截止日期在模拟中按期完成的运行不到一半"},
    {"on or before the baseline finish, no deadline missed",
     "不晚于基线完工，没有错过截止日期"},
    {"no baseline to compare with yet, no deadline missed",
     "尚无基线可比，没有错过截止日期"},
    {"Project start", "项目开始"},
    {"%s (run %lld)", "%s（第 %lld 次运行）"},
    {"Baseline finish", "基线完工"},
    {"Forecast finish", "预测完工"},
    {"Finish variance (working days)", "完工偏差（工作日）"},
    {"Finish moved since last run (working days)",
     "完工较上次运行的变化（工作日）"},
    {"Percent complete (earned)", "完成百分比（挣值）"},
    {"Tasks done", "已完成任务"},
    {"Critical tasks (open)", "关键任务（未完成）"},
    {"Late tasks (past deadline)", "延误任务（超过截止日期）"},
    {"At-risk tasks", "有风险的任务"},
    {"Overdue starts (moved to status date)", "逾期未开始（移至状态日期）"},
    {"Outsourced person-days", "外包人天"},
    {"Outsourcing cost", "外包成本"},
    {"Planned cost", "计划成本"},
    {"Planned person-days", "计划人天"},
    {"Budget", "预算"},
    {"Cost of delay per working day", "每工作日延误成本"},
    {"Open risks", "未关闭风险"},
    {"Open risks scoring 2 or more", "评分 2 及以上的未关闭风险"},
    {"Change requests proposed or approved", "已提出或已批准的变更请求"},
    {"Earned value (cost)", "挣值（成本）"},
    {"Earned value (person-days)", "挣值（人天）"},
    {"Budget at completion (BAC)", "完工预算（BAC）"},
    {"Planned value (PV)", "计划价值（PV）"},
    {"Earned value (EV)", "挣值（EV）"},
    {"Actual cost (AC)", "实际成本（AC）"},
    {"Schedule performance (SPI)", "进度绩效（SPI）"},
    {"Cost performance (CPI)", "成本绩效（CPI）"},
    {"Estimate at completion (EAC)", "完工估算（EAC）"},
    {"n/a (no progress reported)", "无（未报告进度）"},
    {"n/a", "无"},
    {"not known: planned with other projects sharing its people",
     "未知：与共用人员的其他项目一起计划"},
    {"Plan quality", "计划质量"},
    {"Plan", "计划"},
    {"no plan with these people finishes sooner",
     "以现有人员没有更早完工的计划"},
    {"at most %g working day%s longer than the shortest possible",
     "最多比最短可能工期长 %g 个工作日"},
    {"Duration (working days)", "工期（工作日）"},
    {"Shortest possible (working days)", "最短可能工期（工作日）"},
    {"Longer for strict priorities (working days)",
     "严格优先级多用的工期（工作日）"},
    {"Run", "运行"},
    {"Milestones later than the baseline", "晚于基线的里程碑"},
    {"Slip (working days)", "延误（工作日）"},
    /* Tasks. */
    {"Assigned", "已分配人员"},
    {"Priority", "优先级"},
    {"State", "状态"},
    {"% complete", "完成百分比"},
    {"Actual start", "实际开始"},
    {"Actual finish", "实际完成"},
    {"Baseline start", "基线开始"},
    {"Start variance (d)", "开始偏差（天）"},
    {"Finish variance (d)", "完成偏差（天）"},
    {"Finish moved since last run (d)", "完成较上次运行的变化（天）"},
    {"Duration (d)", "工期（天）"},
    {"Total float (d)", "总浮动（天）"},
    {"Free float (d)", "自由浮动（天）"},
    {"Late", "延误"},
    {"At risk", "有风险"},
    {"Cost", "成本"},
    {"Person-days", "人天"},
    {"yes", "是"},
    {"no", "否"},
    {"done", "已完成"},
    {"in progress", "进行中"},
    {"overdue", "逾期未开始"},
    {"not started", "未开始"},
    /* Milestones. */
    {"Last run", "上次运行"},
    {"Forecast", "预测"},
    {"Variance to baseline (d)", "与基线的偏差（天）"},
    {"Moved since last run (d)", "较上次运行的变化（天）"},
    {"Why it moved", "变化原因"},
    {"reached", "已达成"},
    {"late", "延误"},
    {"past due, not reported reached", "已过期，未报告达成"},
    {"slipping", "滞后"},
    {"on track", "正常"},
    /* Changes. */
    {"Change", "变化"},
    {"Last start", "上次开始"},
    {"Last finish", "上次完成"},
    {"Start moved (d)", "开始变化（天）"},
    {"Finish moved (d)", "完成变化（天）"},
    {"Why", "原因"},
    {"First run of this project: nothing to compare.",
     "本项目的首次运行：没有可比较的内容。"},
    {"added", "新增"},
    {"new in the project file", "项目文件中新增"},
    {"moved", "移动"},
    {"removed", "删除"},
    {"no longer in the project file", "已不在项目文件中"},
    {"follows its subtasks", "随其子任务变化"},
    {"finished later than forecast", "完成晚于预测"},
    {"finished earlier than forecast", "完成早于预测"},
    {"finished as forecast", "按预测完成"},
    {"did not start as planned; moved to the status date",
     "未按计划开始；移至状态日期"},
    {"started later than forecast", "开始晚于预测"},
    {"remaining work is more than forecast", "剩余工作多于预测"},
    {"progress ahead of forecast", "进度快于预测"},
    {"its predecessors or people moved", "其前置任务或人员有变化"},
    {"duration changed", "工期有变化"},
    /* Risks and change requests. */
    {"Title", "标题"},
    {"Probability", "概率"},
    {"Impact (1-5)", "影响（1-5）"},
    {"Score", "评分"},
    {"Mitigation", "应对措施"},
    {"Since last run", "较上次运行"},
    {"Date", "日期"},
    {"new", "新增"},
    {"status %s -> %s", "状态 %s -> %s"},
    {"status %.30s -> %.30s", "状态 %.30s -> %.30s"},
    {"%sprobability %d%% -> %d%%", "%s概率 %d%% -> %d%%"},
    {"%simpact %d -> %d", "%s影响 %d -> %d"},
    {"%smitigation changed", "%s应对措施已更改"},
    {"removed from the register", "已从登记册中删除"},
    /* History and charts. */
    {"Recorded (UTC)", "记录时间（UTC）"},
    {"BAC", "BAC"}, {"PV", "PV"}, {"EV", "EV"}, {"AC", "AC"},
    {"SPI", "SPI"}, {"CPI", "CPI"},
    {"this run", "本次运行"},
    {"Earned value (S-curve)", "挣值（S 曲线）"},
    {"Planned value (baseline)", "计划价值（基线）"},
    {"Milestone trend", "里程碑趋势"},
    {"Milestone trend: %d of %d milestones, open ones first",
     "里程碑趋势：%d / %d 个里程碑，未达成的优先"},
    {"Forecast date", "预测日期"},
    /* Why it moved (planner/runs/explain.c) and the status's reasons. */
    {"; ", "；"},
    {".", "。"},
    {"%s%s is on leave %s..%s", "%s%s 休假 %s..%s"},
    {"%s'%s' is new", "%s「%s」是新任务"},
    {"%snew dependency '%s' -> '%s'", "%s新依赖「%s」->「%s」"},
    {"%s'%s' finished %s, forecast %s", "%s「%s」于 %s 完成，预测为 %s"},
    {"%s'%s' started %s, forecast %s", "%s「%s」于 %s 开始，预测为 %s"},
    {"%s'%s' needs more time than forecast: finishes %s, not %s",
     "%s「%s」所需时间多于预测：%s 完成，而非 %s"},
    {"%s'%s' did not start as planned (%s); now starts %s",
     "%s「%s」未按计划开始（%s）；现在 %s 开始"},
    {"%s'%s' takes longer than before", "%s「%s」比以前耗时更长"},
    {"'%s' moved %d working day later (%s -> %s)",
     "「%s」推迟了 %d 个工作日（%s -> %s）"},
    {"'%s' moved %d working days later (%s -> %s)",
     "「%s」推迟了 %d 个工作日（%s -> %s）"},
    {". Driving chain: ", "。驱动链："},
    {"'%s'", "「%s」"},
    {". Cause: ", "。原因："},
    {"'%s' starts later (%s)", "「%s」开始得更晚（%s）"},
    {"waits for people", "等待人员"},
    {"from the status date", "从状态日期开始"},
    {"its release date", "其可开始日期"},
    {"its fixed start", "其固定开始日期"},
    {"its predecessors", "其前置任务"},
    {"%s'%s' waits for people busy on '%s' of another project",
     "%s「%s」等待的人员正忙于另一项目的「%s」"},
    {"%s'%s' waits for '%s' of another project",
     "%s「%s」等待另一项目的「%s」"},
    /* Resources. */
    {"Kind", "类别"},
    {"Booked / capacity, week of (L: some leave)",
     "已安排 / 产能，所在周（L：有休假）"},
    {"person", "人员"},
    {"pool", "资源池"},
    {"out of memory while computing the load", "计算负荷时内存不足"},
    /* The Monte Carlo outlook (render/xlsx_outlook.c, the chart's P80). */
    {"Schedule risk", "进度风险"},
    {"Estimate", "三点估算"},
    {"Plan finish", "计划完成"},
    {"P50", "P50"}, {"P80", "P80"}, {"P95", "P95"},
    {"Chance of meeting the deadline", "按截止日期完成的概率"},
    {"Critical in (share of runs)", "处于关键路径的比例"},
    {"Project finish", "项目完成"},
    {"%d runs (seed %u). Each run draws every estimated task from its "
     "three-point estimate (PERT) and schedules the project again, the "
     "people taking the work in the plan's order. P80: 80%% of the runs "
     "finish by that date. Critical in: the share of runs in which the task "
     "had no float.",
     "共模拟 %d 次（随机种子 %u）。每次模拟按三点估算（PERT 分布）抽取各任务的"
     "工期，并按计划中的人员工作顺序重新排程。P80：80%% 的模拟在该日期前完成。"
     "处于关键路径的比例：任务没有浮动时间的模拟所占比例。"},
    {"%d runs left out: a fixed start could not be kept",
     "%d 次模拟未计入：无法保持固定开始日期"},
    {"Finish by", "完成日期不晚于"},
    {"Runs", "模拟次数"},
    {"Share of runs", "模拟占比"},
    {"Finished by then", "累计完成概率"},
    {"Finished by P50 / P80 / P95", "P50 / P80 / P95 时的累计完成概率"},
    {"When the project finishes (%d runs)", "项目完成日期分布（%d 次模拟）"},
    {"Chance of finishing by each date", "各日期前完成的概率"},
    {"Finish date", "完成日期"},
    {"Chance of finishing by the forecast", "按预测日期完成的概率"},
    {"Simulated finish P80 (8 in 10 runs by then)",
     "模拟完成日期 P80（十次中八次在此前完成）"},
    {"the plan", "计划"},
    {"Scenarios", "情景"},
    {"Working days", "工作日"},
    {"Against the plan (working days)", "与计划相比（工作日）"},
    {"Against the plan (cost)", "与计划相比（成本）"},
    {"Against the plan (person-days)", "与计划相比（人天）"},
    {"Working days to the finish", "到完工的工作日"},
    {"%s \xe2\x80\x94 what-if: %s", "%s \xe2\x80\x94 假设情景：%s"},
    {"A what-if scenario, not the plan: recorded apart from the plan's runs",
     "假设情景，并非正式计划：与计划的运行分开记录"},
    {"P80: 8 in 10 simulated runs finish by then",
     "P80：十次模拟中有八次在此前完成"},
};
#define N_ENTRIES (sizeof table / sizeof table[0])

static int by_en(const void *a, const void *b)
{
    return strcmp(((const entry *)a)->en, ((const entry *)b)->en);
}

static bool sorted;
static int misses;
static char missed[256];

const char *pm_tr(int lang, const char *en)
{
    if (lang != PM_LANG_ZH || !en) {
        return en;
    }
    if (!sorted) {
        qsort(table, N_ENTRIES, sizeof table[0], by_en);
        sorted = true;
    }
    entry key = {en, NULL};
    const entry *e = bsearch(&key, table, N_ENTRIES, sizeof table[0], by_en);
    if (e) {
        return e->zh;
    }
    size_t len = strlen(missed);
    if (len + strlen(en) + 3 < sizeof missed) {
        snprintf(missed + len, sizeof missed - len, "%s%s", len ? "; " : "",
                 en);
    }
    misses++;
    return en;
}

int pm_tr_misses(char *buf, size_t size)
{
    snprintf(buf, size, "%s", missed);
    return misses;
}

/* The conversions of printf format s ("d", "s", "lld", ...) by argument
 * (positional "%2$d" or in order) into conv[0..max); returns how many
 * arguments it takes, or -1 when it is malformed. */
static int conversions(const char *s, char conv[][8], int max)
{
    int next = 0, top = 0;
    for (const char *c = s; *c; c++) {
        if (*c != '%') {
            continue;
        }
        c++;
        if (*c == '%') {
            continue;
        }
        int arg = next++;
        const char *d = c;
        while (*d >= '0' && *d <= '9') {
            d++;
        }
        if (*d == '$' && d > c) {
            arg = atoi(c) - 1;
            c = d + 1;
        }
        while (*c && strchr("-+ #0123456789.", *c)) {
            c++;
        }
        char type[8] = "";
        size_t n = 0;
        while (*c && strchr("hlLqjzt", *c) && n < 6) {
            type[n++] = *c++;
        }
        if (!*c || arg < 0 || arg >= max) {
            return -1;
        }
        type[n++] = *c;
        type[n] = '\0';
        if (conv[arg][0] && strcmp(conv[arg], type) != 0) {
            return -1;
        }
        snprintf(conv[arg], sizeof conv[arg], "%s", type);
        top = arg + 1 > top ? arg + 1 : top;
    }
    return top;
}

int pm_tr_check(char *buf, size_t size)
{
    int bad = 0;
    buf[0] = '\0';
    for (size_t k = 0; k < N_ENTRIES; k++) {
        char en[16][8] = {{0}}, zh[16][8] = {{0}};
        int ne = conversions(table[k].en, en, 16);
        int nz = conversions(table[k].zh, zh, 16);
        bool ok = ne >= 0 && nz >= 0 && nz <= ne;
        /* The translation takes the first nz arguments, each as English
         * does: none skipped, none of another type. */
        for (int a = 0; ok && a < nz; a++) {
            ok = zh[a][0] && strcmp(en[a], zh[a]) == 0;
        }
        if (!ok) {
            size_t len = strlen(buf);
            snprintf(buf + len, size - len, "%s\"%s\"", len ? "; " : "",
                     table[k].en);
            bad++;
        }
    }
    return bad;
}
