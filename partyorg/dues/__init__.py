"""Party dues (đảng phí): dated rate rules, amounts due per member and month, payments, arrears."""
