#!/usr/bin/env node
// The provider executable Terraform starts: serves the Workato provider over plugin protocol v6.
import { serve } from '../plugin/server';
import { workatoProvider } from '../provider';

void serve(workatoProvider());
