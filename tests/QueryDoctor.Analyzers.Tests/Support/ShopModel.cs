namespace QueryDoctor.Analyzers.Tests.Support;

/// <summary>A small EF Core model compiled beside every test source: customers, orders, lines, payments, addresses.</summary>
internal static class ShopModel
{
    public const string FileName = "ShopModel.cs";

    public const string Source = """
        global using System;
        global using System.Collections.Generic;
        global using System.Linq;
        global using System.Threading;
        global using System.Threading.Tasks;
        global using Microsoft.EntityFrameworkCore;

        namespace Shop;

        public class Customer
        {
            public int Id { get; set; }
            public string Name { get; set; } = "";
            public virtual Address Home { get; set; } = null!;
            public virtual ICollection<Order> Orders { get; set; } = new List<Order>();
            public virtual ICollection<Address> Addresses { get; set; } = new List<Address>();
        }

        public class Order
        {
            public int Id { get; set; }
            public int CustomerId { get; set; }
            public decimal Total { get; set; }
            public virtual Customer Customer { get; set; } = null!;
            public virtual ICollection<OrderLine> Lines { get; set; } = new List<OrderLine>();
            public virtual ICollection<Payment> Payments { get; set; } = new List<Payment>();
        }

        public class OrderLine
        {
            public int Id { get; set; }
            public int OrderId { get; set; }
            public int Quantity { get; set; }
        }

        public class Payment
        {
            public int Id { get; set; }
            public int OrderId { get; set; }
        }

        public class Address
        {
            public int Id { get; set; }
            public int CustomerId { get; set; }
            public string City { get; set; } = "";
        }

        public class ShopContext : DbContext
        {
            public DbSet<Customer> Customers => Set<Customer>();
            public DbSet<Order> Orders => Set<Order>();
            public DbSet<OrderLine> Lines => Set<OrderLine>();
            public DbSet<Address> Addresses => Set<Address>();
        }
        """;
}
