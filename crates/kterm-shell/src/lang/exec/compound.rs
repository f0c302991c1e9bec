//! Compound commands: groups, subshells, `if`, loops, `case`, `(( ))`, `[[ ]]`.

use super::{Exec, Flow, In};
use crate::lang::ast::{CaseTerm, Compound, Program};
use crate::lang::glob;
use crate::Out;

impl Exec<'_> {
    pub(crate) async fn run_compound(
        &mut self,
        c: &Compound,
        inp: &In,
        out: &mut dyn Out,
        err: &mut dyn Out,
    ) -> i32 {
        match c {
            Compound::Group(body) => self.run_list(body, inp, out, err).await,
            Compound::Subshell(body) => {
                let saved = self.enter_subshell();
                let mut status = self.run_list(body, inp, out, err).await;
                if matches!(self.flow, Some(Flow::Exit | Flow::Return)) {
                    status = self.sh.last_status;
                }
                self.sh.last_status = status;
                Box::pin(self.leave_subshell(saved, inp, out, err)).await;
                self.set_status(status)
            }
            Compound::If { arms, otherwise } => {
                for (cond, body) in arms {
                    let s = self.condition(cond, inp, out, err).await;
                    if self.flow.is_some() {
                        return s;
                    }
                    if s == 0 {
                        return self.run_list(body, inp, out, err).await;
                    }
                }
                match otherwise {
                    Some(body) => self.run_list(body, inp, out, err).await,
                    None => self.set_status(0),
                }
            }
            Compound::While { until, cond, body } => {
                let mut status = 0;
                self.loops += 1;
                loop {
                    if !self.tick().await {
                        status = 130;
                        break;
                    }
                    let s = self.condition(cond, inp, out, err).await;
                    if self.flow.is_some() && !self.loop_flow() {
                        break;
                    }
                    if (s == 0) == *until {
                        break;
                    }
                    status = self.run_list(body, inp, out, err).await;
                    if self.flow.is_some() && !self.loop_flow() {
                        break;
                    }
                }
                self.loops -= 1;
                self.set_status(status)
            }
            Compound::For {
                var, words, body, ..
            } => {
                let items = match words {
                    Some(w) => match Box::pin(self.expand_words(w, err)).await {
                        Ok(v) => v,
                        Err(s) => return self.expansion_failed(s),
                    },
                    None => self.sh.lang.positional.clone(),
                };
                let mut status = 0;
                self.loops += 1;
                let shown = items
                    .iter()
                    .map(|s| crate::lang::quote::maybe_single(s))
                    .collect::<Vec<_>>()
                    .join(" ");
                for item in items {
                    if !self.tick().await {
                        status = 130;
                        break;
                    }
                    if self.sh.lang.opts.xtrace {
                        self.trace(err, &format!("for {var} in {shown}"));
                    }
                    if let Err(m) = crate::lang::vars::set_scalar(self.sh, var, item) {
                        self.error(err, &m);
                        status = 1;
                        break;
                    }
                    status = self.run_list(body, inp, out, err).await;
                    if self.flow.is_some() && !self.loop_flow() {
                        break;
                    }
                }
                self.loops -= 1;
                self.set_status(status)
            }
            Compound::ArithFor {
                init,
                cond,
                step,
                body,
            } => {
                if Box::pin(self.arith_text(init, err)).await.is_err() {
                    return self.expansion_failed(1);
                }
                let mut status = 0;
                self.loops += 1;
                loop {
                    if !self.tick().await {
                        status = 130;
                        break;
                    }
                    if !cond.trim().is_empty() {
                        match Box::pin(self.arith_text(cond, err)).await {
                            Ok(0) => break,
                            Ok(_) => {}
                            Err(s) => {
                                self.loops -= 1;
                                return self.expansion_failed(s);
                            }
                        }
                    }
                    status = self.run_list(body, inp, out, err).await;
                    if self.flow.is_some() && !self.loop_flow() {
                        break;
                    }
                    if Box::pin(self.arith_text(step, err)).await.is_err() {
                        self.loops -= 1;
                        return self.expansion_failed(1);
                    }
                }
                self.loops -= 1;
                self.set_status(status)
            }
            Compound::Case { word, arms, .. } => {
                let subject = match Box::pin(self.expand_string(word, err)).await {
                    Ok(s) => s,
                    Err(s) => return self.expansion_failed(s),
                };
                let icase = self.sh.lang.opts.nocasematch;
                let mut status = 0;
                let mut i = 0;
                let mut fall = false;
                while i < arms.len() {
                    let arm = &arms[i];
                    let mut hit = fall;
                    if !hit {
                        for p in &arm.pats {
                            let pat = match Box::pin(self.expand_pattern(p, err)).await {
                                Ok(s) => s,
                                Err(s) => return self.expansion_failed(s),
                            };
                            if glob::matches_case(&pat, &subject, icase) {
                                hit = true;
                                break;
                            }
                        }
                    }
                    fall = false;
                    if hit {
                        status = self.run_list(&arm.body, inp, out, err).await;
                        if arm.body.is_empty() {
                            status = 0;
                        }
                        if self.flow.is_some() {
                            break;
                        }
                        match arm.term {
                            CaseTerm::Break => break,
                            CaseTerm::FallThrough => fall = true,
                            CaseTerm::Continue => {}
                        }
                    }
                    i += 1;
                }
                self.set_status(status)
            }
            Compound::Arith(expr) => {
                if self.sh.lang.opts.xtrace {
                    self.trace(err, &format!("(( {expr} ))"));
                }
                let text = if expr.contains(['$', '`']) {
                    let w = crate::lang::lexer::Lexer::heredoc_text(expr);
                    match Box::pin(self.expand_string(&w, err)).await {
                        Ok(s) => s,
                        Err(s) => return self.expansion_failed(s),
                    }
                } else {
                    expr.clone()
                };
                match self.arith_in("((: ", &text, err) {
                    Ok(n) => self.set_status(i32::from(n == 0)),
                    Err(_) => self.set_status(1),
                }
            }
            Compound::Cond(c, _) => {
                if self.sh.lang.opts.xtrace {
                    if let Ok(text) = Box::pin(self.cond_text(c, err)).await {
                        self.trace(err, &format!("[[ {text} ]]"));
                    }
                }
                match Box::pin(self.cond(c, err)).await {
                    Ok(true) => self.set_status(0),
                    Ok(false) => self.set_status(1),
                    Err(s) => self.set_status(s),
                }
            }
        }
    }

    /// Runs a condition list with errexit off.
    async fn condition(
        &mut self,
        cond: &Program,
        inp: &In,
        out: &mut dyn Out,
        err: &mut dyn Out,
    ) -> i32 {
        self.cond += 1;
        let s = self.run_list(cond, inp, out, err).await;
        self.cond -= 1;
        s
    }

    /// Consumes a pending `break`/`continue` aimed at this loop; true when
    /// the loop goes on.
    fn loop_flow(&mut self) -> bool {
        match self.flow {
            Some(Flow::Break(n)) => {
                self.flow = if n > 1 {
                    Some(Flow::Break(n - 1))
                } else {
                    None
                };
                false
            }
            Some(Flow::Continue(n)) => {
                if n > 1 {
                    self.flow = Some(Flow::Continue(n - 1));
                    false
                } else {
                    self.flow = None;
                    true
                }
            }
            _ => false,
        }
    }
}
